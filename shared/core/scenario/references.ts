import type { z } from 'zod';
import { LIMITS, type PerYear, formatBound } from './common.ts';
import type { Convergence, NeedAdjustment } from './need.ts';
import type { Outcomes } from './outcomes.ts';
import type { Population } from './population.ts';
import type { Distribution, Provider } from './providers.ts';
import type { Band, RiskShare } from './riskShare.ts';
import type { ServiceLine } from './services.ts';
import type { Trajectory } from './trajectory.ts';

/** The parts of a scenario the cross-reference checks read (structural, to avoid an import cycle). */
interface ScenarioParts {
  contract: { years: number; form: string };
  population: Population;
  providers: Provider[];
  serviceLines: ServiceLine[];
  need: NeedAdjustment;
  convergence?: Convergence | undefined;
  trajectory: Trajectory;
  outcomes?: Outcomes | undefined;
  distribution: Distribution;
  riskShare: RiskShare;
}

type Path = (string | number)[];
const SHARE_TOLERANCE = 1e-9;

/** Checks that references between parts of a scenario resolve and that aligned arrays line up; each problem is
 *  reported with the path of the field at fault. */
export function checkScenarioReferences(s: ScenarioParts, ctx: z.RefinementCtx): void {
  const issue = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });
  const segmentCount = s.population.segments.length;

  const unique = (ids: string[], path: Path, what: string) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) issue([...path, i, 'id'], `duplicate ${what} id "${id}"`);
      seen.add(id);
    });
    return seen;
  };
  const segments = unique(
    s.population.segments.map((x) => x.id),
    ['population', 'segments'],
    'segment',
  );
  const neighbourhoods = unique(
    s.population.neighbourhoods.map((x) => x.id),
    ['population', 'neighbourhoods'],
    'neighbourhood',
  );
  const practices = unique(
    s.population.practices.map((x) => x.id),
    ['population', 'practices'],
    'practice',
  );
  const providers = unique(
    s.providers.map((x) => x.id),
    ['providers'],
    'provider',
  );
  unique(
    s.serviceLines.map((x) => x.id),
    ['serviceLines'],
    'service line',
  );

  const registered = s.population.practices.reduce((a, p) => a + p.personYears.reduce((x, v) => x + v, 0), 0);
  if (registered > LIMITS.totalPersonYears)
    issue(
      ['population', 'practices'],
      `registered person-years add up to ${formatBound(registered)}, more than the ${formatBound(LIMITS.totalPersonYears)} a scenario may hold`,
    );

  s.population.segments.forEach((seg, i) => {
    if (seg.ageTo !== undefined && seg.ageTo < seg.ageFrom)
      issue(['population', 'segments', i, 'ageTo'], `ageTo ${seg.ageTo} is below ageFrom ${seg.ageFrom}`);
  });
  s.population.practices.forEach((p, i) => {
    const path = ['population', 'practices', i];
    if (!neighbourhoods.has(p.neighbourhood))
      issue([...path, 'neighbourhood'], `unknown neighbourhood "${p.neighbourhood}"`);
    if (p.personYears.length !== segmentCount)
      issue(
        [...path, 'personYears'],
        `has ${p.personYears.length} values but there are ${segmentCount} segments`,
      );
    if (s.need.method === 'weighted_capitation' && p.needIndex === undefined)
      issue([...path, 'needIndex'], 'is required when need.method is weighted_capitation');
  });
  s.population.exclusions.forEach((x, i) => {
    if (x.practice !== undefined && !practices.has(x.practice))
      issue(['population', 'exclusions', i, 'practice'], `unknown practice "${x.practice}"`);
    if (x.segment !== undefined && !segments.has(x.segment))
      issue(['population', 'exclusions', i, 'segment'], `unknown segment "${x.segment}"`);
  });
  for (const id of Object.keys(s.population.growth.bySegment ?? {}))
    if (!segments.has(id)) issue(['population', 'growth', 'bySegment', id], `unknown segment "${id}"`);

  s.serviceLines.forEach((line, i) => {
    const path = ['serviceLines', i];
    if (line.baselinePppy.length !== segmentCount)
      issue(
        [...path, 'baselinePppy'],
        `has ${line.baselinePppy.length} values but there are ${segmentCount} segments`,
      );
    line.providers.forEach((p, j) => {
      if (!providers.has(p.provider))
        issue([...path, 'providers', j, 'provider'], `unknown provider "${p.provider}"`);
    });
    const total = line.providers.reduce((a, p) => a + p.share, 0);
    if (Math.abs(total - 1) > SHARE_TOLERANCE)
      issue([...path, 'providers'], `provider shares sum to ${total}, not 1`);
    if (line.carveOut && line.inScope === true)
      issue([...path, 'inScope'], 'a carved-out line cannot also be forced into scope');
    if (
      line.inScope === true &&
      line.category === 'core_primary_medical' &&
      s.contract.form === 'partially_integrated'
    )
      issue(
        [...path, 'inScope'],
        'partially integrated contracts exclude core primary medical care by definition',
      );
    for (const practice of Object.keys(line.practiceCostIndex ?? {}))
      if (!practices.has(practice))
        issue([...path, 'practiceCostIndex', practice], `unknown practice "${practice}"`);
    checkPerYear(line.costUplift, [...path, 'costUplift'], s.contract.years, issue);
    checkPerYear(line.efficiency, [...path, 'efficiency'], s.contract.years, issue);
    checkPerYear(line.nonDemographicGrowth, [...path, 'nonDemographicGrowth'], s.contract.years, issue);
  });

  const t = s.trajectory;
  checkPerYear(t.costUplift, ['trajectory', 'costUplift'], s.contract.years, issue);
  checkPerYear(t.efficiency, ['trajectory', 'efficiency'], s.contract.years, issue);
  checkPerYear(t.nonDemographicGrowth, ['trajectory', 'nonDemographicGrowth'], s.contract.years, issue);
  checkPerYear(s.population.growth.rate, ['population', 'growth', 'rate'], s.contract.years, issue);
  if (t.deficit?.profile && t.deficit.profile.length !== t.deficit.recoveryYears)
    issue(
      ['trajectory', 'deficit', 'profile'],
      `has ${t.deficit.profile.length} values but recoveryYears is ${t.deficit.recoveryYears}`,
    );
  if (s.convergence && 'alphaByYear' in s.convergence)
    checkPerYear(s.convergence.alphaByYear, ['convergence', 'alphaByYear'], s.contract.years, issue);
  if (s.convergence && s.need.method === 'none')
    issue(['convergence'], 'needs a need adjustment (need.method) to converge towards');

  if (s.need.method === 'risk_score') {
    s.need.practices.forEach((p, i) => {
      if (!practices.has(p.practice))
        issue(['need', 'practices', i, 'practice'], `unknown practice "${p.practice}"`);
      if (p.rawScoreByYear.length < s.contract.years + 1)
        issue(
          ['need', 'practices', i, 'rawScoreByYear'],
          `needs ${s.contract.years + 1} values (base year and each contract year)`,
        );
    });
    const scored = new Set(s.need.practices.map((p) => p.practice));
    s.population.practices.forEach((p, i) => {
      if (!scored.has(p.id))
        issue(['population', 'practices', i, 'id'], `practice "${p.id}" has no risk score in need.practices`);
    });
  }

  if (s.outcomes) {
    const total = s.outcomes.measures.reduce((a, m) => a + m.weight, 0);
    if (Math.abs(total - 1) > 1e-6) issue(['outcomes', 'measures'], `measure weights sum to ${total}, not 1`);
    unique(
      s.outcomes.measures.map((m) => m.id),
      ['outcomes', 'measures'],
      'measure',
    );
  }

  if (s.distribution.method === 'custom')
    for (const id of Object.keys(s.distribution.weights))
      if (!providers.has(id)) issue(['distribution', 'weights', id], `unknown provider "${id}"`);
  if (s.distribution.method === 'performance')
    s.providers.forEach((p, i) => {
      if (p.performance === undefined)
        issue(['providers', i, 'performance'], 'is required when distribution.method is performance');
    });
  const blockShares = s.providers.reduce(
    (a, p) => a + (p.payment.type === 'block_share' ? p.payment.share : 0),
    0,
  );
  if (blockShares > 1 + SHARE_TOLERANCE)
    issue(['providers'], `block shares add up to ${blockShares}, more than the whole budget`);

  if ('gain' in s.riskShare) {
    checkBands(s.riskShare.gain.bands, ['riskShare', 'gain', 'bands'], issue);
    checkBands(s.riskShare.loss.bands, ['riskShare', 'loss', 'bands'], issue);
    if (s.riskShare.loss.qualityLinkedRate && s.riskShare.loss.bands.length !== 1)
      issue(['riskShare', 'loss', 'qualityLinkedRate'], 'needs exactly one loss band');
  }
}

function checkPerYear(
  value: PerYear | undefined,
  path: Path,
  years: number,
  issue: (path: Path, message: string) => void,
) {
  if (Array.isArray(value) && value.length !== years)
    issue(path, `has ${value.length} values but the contract has ${years} years`);
}

/** Bands must rise strictly and end with the open band (upTo: null). */
export function checkBands(bands: Band[], path: Path, issue: (path: Path, message: string) => void) {
  let previous = 0;
  bands.forEach((b, i) => {
    const last = i === bands.length - 1;
    if (b.upTo === null && !last) issue([...path, i, 'upTo'], 'only the last band may be open (null)');
    if (b.upTo !== null && b.upTo <= previous)
      issue([...path, i, 'upTo'], `must be above the previous band's upper bound ${previous}`);
    if (last && b.upTo !== null) issue([...path, i, 'upTo'], 'the last band must be open (null)');
    if (b.upTo !== null) previous = b.upTo;
  });
}
