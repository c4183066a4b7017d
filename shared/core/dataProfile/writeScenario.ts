import { DomainError, formatGbp } from '../base/index.ts';
import {
  type Scenario,
  type ScenarioInput,
  type Segment,
  type ServiceCategory,
  parseScenario,
} from '../scenario/index.ts';
import { roundTo } from './disclosure.ts';
import { describeNeedRule } from './needRule.ts';
import type { DataProfile } from './profile.ts';
import { bandLabel } from './segmentation.ts';

/* Writes a profile's baselines into a scenario document (capitation-method.md B1-B3): segments (age band x sex x
 * IMD quintile x level of need), practices' person-years by segment, and each service line's baseline PPPY by
 * segment, with provenance in the notes. An existing scenario keeps everything else: its providers, scope,
 * need method, trajectory, risk share; its practices keep their neighbourhood and name; its lines keep their
 * providers. A line the extract does not cover keeps its baselines, re-expressed on the new segments when each new
 * segment lies inside exactly one old one (otherwise the write stops and says which). */

type Practice = ScenarioInput['population']['practices'][number];
type Line = ScenarioInput['serviceLines'][number];
type Provider = ScenarioInput['providers'][number];

export interface WriteOptions {
  /** Name of a new scenario. */
  name?: string;
  form?: 'virtual' | 'partially_integrated' | 'fully_integrated';
  contractYears?: number;
  /** Provenance lines from the adapter (date, files, command). */
  provenance: string[];
}

export interface WriteResult {
  scenario: Scenario;
  /** The document to save: the user's own fields as written, with the data-driven parts replaced. */
  document: ScenarioInput;
  changes: string[];
}

const PROVIDER_FOR: Record<ServiceCategory, { id: string; name: string; kind: Provider['kind'] }> = {
  core_primary_medical: { id: 'primary_care', name: 'GP federation (to be named)', kind: 'gp_federation' },
  other_primary_care: { id: 'primary_care', name: 'GP federation (to be named)', kind: 'gp_federation' },
  prescribing: { id: 'primary_care', name: 'GP federation (to be named)', kind: 'gp_federation' },
  acute_elective: { id: 'acute', name: 'Acute trust (to be named)', kind: 'acute_trust' },
  acute_non_elective: { id: 'acute', name: 'Acute trust (to be named)', kind: 'acute_trust' },
  urgent_care: { id: 'acute', name: 'Acute trust (to be named)', kind: 'acute_trust' },
  outpatients: { id: 'acute', name: 'Acute trust (to be named)', kind: 'acute_trust' },
  maternity: { id: 'acute', name: 'Acute trust (to be named)', kind: 'acute_trust' },
  specialised: { id: 'acute', name: 'Acute trust (to be named)', kind: 'acute_trust' },
  high_cost_drugs_devices: { id: 'acute', name: 'Acute trust (to be named)', kind: 'acute_trust' },
  community: { id: 'community', name: 'Community trust (to be named)', kind: 'community_trust' },
  continuing_healthcare: { id: 'community', name: 'Community trust (to be named)', kind: 'community_trust' },
  mental_health: {
    id: 'mental_health',
    name: 'Mental health trust (to be named)',
    kind: 'mental_health_trust',
  },
  social_care: { id: 'local_authority', name: 'Local authority (to be named)', kind: 'local_authority' },
  public_health: { id: 'local_authority', name: 'Local authority (to be named)', kind: 'local_authority' },
};

const UNASSIGNED = { id: 'unassigned', name: 'Practices not yet in a neighbourhood' };
const idSafe = (s: string) => s.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 64);

export function writeBaselines(
  profile: DataProfile,
  existing: ScenarioInput | null,
  options: WriteOptions,
): WriteResult {
  const changes: string[] = [];
  const segments = profile.segments as Segment[];
  const pppy = new Map(profile.baselines.cells.map((c) => [`${c.segment}#${c.line}`, c.scenarioPppy]));
  const baselineOf = (line: string) => segments.map((s) => round2(pppy.get(`${s.id}#${line}`) ?? 0));
  /** The practices' historical cost indices on a line, rounded to 4 decimals (absent: none to write). */
  const costIndexOf = (line: string) => {
    const index: Record<string, number> = {};
    for (const p of profile.population.practices) {
      const v = p.costIndex[line];
      if (v !== undefined) index[idSafe(p.code)] = Math.round(v * 1e4) / 1e4;
    }
    return Object.keys(index).length > 0 ? { practiceCostIndex: index } : {};
  };
  const base = existing ? structuredClone(existing) : newScenario(profile, options);

  // Practices and neighbourhoods.
  const oldPractices = new Map((existing?.population.practices ?? []).map((p) => [p.id, p]));
  const neighbourhoods = [...base.population.neighbourhoods];
  const hasNeighbourhood = (id: string) => neighbourhoods.some((n) => n.id === id);
  const practices: Practice[] = profile.population.practices.map((p) => {
    const id = idSafe(p.code);
    const old = oldPractices.get(id);
    let neighbourhood = old?.neighbourhood;
    if (!neighbourhood) {
      const pcn = p.pcnCode ? idSafe(p.pcnCode) : null;
      neighbourhood = pcn ?? UNASSIGNED.id;
      if (!hasNeighbourhood(neighbourhood))
        neighbourhoods.push(pcn ? { id: pcn, name: p.pcnName ?? p.pcnCode! } : UNASSIGNED);
    }
    const needIndex = old?.needIndex ?? p.needIndex;
    return {
      id,
      name: old?.name ?? p.name ?? p.code,
      neighbourhood,
      personYears: p.personYears,
      ...(needIndex === undefined ? {} : { needIndex }),
    };
  });
  if (practices.length === 0)
    throw new DomainError(
      'population',
      `no practice has person-years left to write after disclosure control (person-years are rounded to ${profile.disclosure.rule.roundTo} within each practice): the extract is too small for a scenario`,
    );
  const kept = new Set(practices.map((p) => p.id));
  const dropped = [...oldPractices.keys()].filter((id) => !kept.has(id));
  if (dropped.length > 0)
    changes.push(`removed ${dropped.length} practice(s) with nobody in the extract: ${dropped.join(', ')}`);
  const added = practices.filter((p) => !oldPractices.has(p.id));
  if (existing && added.length > 0)
    changes.push(`added ${added.length} practice(s) from the extract: ${added.map((p) => p.id).join(', ')}`);
  const usedNeighbourhoods = new Set(practices.map((p) => p.neighbourhood));
  const finalNeighbourhoods = neighbourhoods.filter((n) => usedNeighbourhoods.has(n.id));
  if (base.need?.method === 'weighted_capitation') {
    const without = practices.filter((p) => p.needIndex === undefined).map((p) => p.id);
    if (without.length > 0)
      throw new DomainError(
        'need',
        `need.method is weighted_capitation but ${without.length} practice(s) have no need index (${without.slice(0, 5).join(', ')}${without.length > 5 ? ', ...' : ''}): profile with --practices (and --icb) so the profile carries need indices`,
      );
  }
  if (base.need?.method === 'risk_score') {
    const scored = new Set(base.need.practices.map((p) => p.practice));
    const without = practices.filter((p) => !scored.has(p.id)).map((p) => p.id);
    if (without.length > 0)
      throw new DomainError(
        'need',
        `need.method is risk_score but practice(s) ${without.join(', ')} have no risk score`,
      );
    base.need = { ...base.need, practices: base.need.practices.filter((p) => kept.has(p.practice)) };
  }

  // Service lines: the extract's lines replace the baselines of the matching scenario lines.
  const oldSegments = (existing?.population.segments ?? []) as Segment[];
  const lines: Line[] = [...base.serviceLines];
  const providers: Provider[] = [...base.providers];
  const updated = new Set<number>();
  for (const line of profile.lines) {
    let i = lines.findIndex((l) => l.id === line.id);
    if (i < 0) {
      const sameCategory = lines.map((l, j) => ({ l, j })).filter((x) => x.l.category === line.category);
      if (sameCategory.length > 1)
        throw new DomainError(
          'mapping',
          `the extract's line "${line.id}" (${line.category}) could be any of the scenario's lines ${sameCategory.map((x) => x.l.id).join(', ')}: map the settings to those line ids in the mapping file`,
        );
      if (sameCategory.length === 1) i = sameCategory[0]!.j;
    }
    if (i >= 0) {
      const { practiceCostIndex: _replaced, ...rest } = lines[i]!;
      lines[i] = { ...rest, baselinePppy: baselineOf(line.id), ...costIndexOf(line.id) };
      updated.add(i);
      continue;
    }
    const provider = providerFor(line.category, providers);
    lines.push({
      id: line.id,
      name: line.name,
      category: line.category,
      providers: [{ provider, share: 1 }],
      baselinePppy: baselineOf(line.id),
      ...costIndexOf(line.id),
    });
    updated.add(lines.length - 1);
    if (existing)
      changes.push(`added line ${line.id} (${line.category}), provided by ${provider}: check the provider`);
  }
  lines.forEach((l, i) => {
    if (updated.has(i)) return;
    const { practiceCostIndex, ...rest } = l;
    const keptIndex = Object.fromEntries(
      Object.entries(practiceCostIndex ?? {}).filter(([id]) => kept.has(id)),
    );
    lines[i] = {
      ...rest,
      baselinePppy: carryOver(l, oldSegments, segments),
      ...(Object.keys(keptIndex).length > 0 ? { practiceCostIndex: keptIndex } : {}),
    };
    changes.push(`line ${l.id} is not in the extract: its baselines were carried over to the new segments`);
  });

  // Parts keyed by old segment or practice ids that no longer exist.
  const segmentIds = new Set(segments.map((s) => s.id));
  const exclusions = (base.population.exclusions ?? []).filter((x) => {
    const ok =
      (x.segment === undefined || segmentIds.has(x.segment)) &&
      (x.practice === undefined || kept.has(x.practice));
    if (!ok)
      changes.push(`dropped exclusion "${x.reason}": its segment or practice is not in the new population`);
    return ok;
  });
  const growth = base.population.growth;
  if (growth?.bySegment) {
    const bySegment = Object.fromEntries(
      Object.entries(growth.bySegment).filter(([id]) => segmentIds.has(id)),
    );
    const lost = Object.keys(growth.bySegment).length - Object.keys(bySegment).length;
    if (lost > 0) changes.push(`dropped population growth of ${lost} old segment(s)`);
    base.population.growth = { ...growth, bySegment };
  }
  if (existing && existing.contract.baseYear !== profile.baselines.year)
    changes.push(`base year ${existing.contract.baseYear} -> ${profile.baselines.year}`);

  base.contract = { ...base.contract, baseYear: profile.baselines.year };
  base.population = {
    ...base.population,
    segments,
    neighbourhoods: finalNeighbourhoods,
    practices,
    exclusions,
  };
  base.providers = providers;
  base.serviceLines = lines;
  base.notes = [...(existing?.notes ?? []), ...provenance(profile, options.provenance)];
  changes.unshift(
    `segments: ${segments.length}; practices: ${practices.length}; lines from the extract: ${profile.lines.length}; base year ${profile.baselines.year}`,
  );
  return { scenario: parseScenario(base), document: base, changes };
}

function newScenario(profile: DataProfile, options: WriteOptions): ScenarioInput {
  const allIndexed = profile.population.practices.every((p) => p.needIndex !== undefined);
  return {
    schemaVersion: 1,
    name: options.name ?? `Baselines from patient-level data, ${profile.baselines.year}`,
    description:
      'Population and baselines built from a pseudonymised patient-level extract (pacs data baseline). Providers are placeholders: name them and set their shares before use.',
    contract: {
      form: options.form ?? 'fully_integrated',
      years: options.contractYears ?? 3,
      baseYear: profile.baselines.year,
    },
    population: { segments: [], neighbourhoods: [], practices: [] },
    providers: [],
    serviceLines: [],
    need:
      allIndexed && profile.population.practices.length > 0
        ? { method: 'weighted_capitation', normalise: 'none' }
        : { method: 'none' },
    distribution: { method: 'pro_rata_budget' },
  };
}

/** A provider for a new line: the scenario's only provider of the fitting kind, else a placeholder of that kind
 *  (added), else the first provider. */
function providerFor(category: ServiceCategory, providers: Provider[]): string {
  const want = PROVIDER_FOR[category];
  const ofKind = providers.filter((p) => p.kind === want.kind);
  if (ofKind.length >= 1) return ofKind[0]!.id;
  if (!providers.some((p) => p.id === want.id))
    providers.push({ id: want.id, name: want.name, kind: want.kind });
  return want.id;
}

/** Baselines of a line the extract does not cover, on the new segments: each new segment takes the value of the
 *  old segment that contains it. */
function carryOver(line: Line, oldSegments: Segment[], newSegments: Segment[]): number[] {
  return newSegments.map((s) => {
    const holders = oldSegments
      .map((o, i) => ({ o, i }))
      .filter(({ o }) => contains(o, s))
      .map(({ i }) => line.baselinePppy[i]!);
    const distinct = [...new Set(holders)];
    if (distinct.length === 1) return distinct[0]!;
    throw new DomainError(
      'serviceLines',
      `line "${line.id}" is not in the extract and its baselines cannot be carried to segment ${s.id}: ${holders.length === 0 ? 'no old segment contains it' : 'old segments containing it disagree'}. Map settings to this line, or give it baselines on the new segments`,
    );
  });
}

function contains(outer: Segment, inner: Segment): boolean {
  const outerTo = outer.ageTo ?? Number.POSITIVE_INFINITY;
  const innerTo = inner.ageTo ?? Number.POSITIVE_INFINITY;
  return (
    outer.ageFrom <= inner.ageFrom &&
    outerTo >= innerTo &&
    (outer.sex === 'all' || outer.sex === inner.sex) &&
    (outer.imdQuintile === undefined || outer.imdQuintile === inner.imdQuintile) &&
    (outer.needLevel === undefined || outer.needLevel === inner.needLevel)
  );
}

function provenance(profile: DataProfile, fromAdapter: string[]): string[] {
  const seg = profile.source.segmentation;
  const dims = [
    `age bands ${seg.ageBands.map(bandLabel).join(', ')}`,
    ...(seg.bySex ? ['sex'] : []),
    ...(seg.byImd ? ['IMD quintile'] : []),
    ...(seg.byNeed ? ['level of need'] : []),
  ];
  const withheld = profile.baselines.cells.filter((c) => c.filledFrom !== undefined).length;
  const r = profile.baselines.reconciliation;
  const q = profile.quality;
  const rule = profile.disclosure.rule;
  const count = (n: number) =>
    n > 0 && n < rule.suppressBelow ? `fewer than ${rule.suppressBelow}` : `${roundTo(n, rule.roundTo)}`;
  return [
    ...fromAdapter,
    `Baselines: base year ${profile.baselines.year} (profile years ${profile.source.years.join(', ')}); ${profile.population.people ?? 'withheld'} people (rounded to ${profile.disclosure.rule.roundTo}); segments by ${dims.join(' x ')}.`,
    `Levels of need: ${describeNeedRule(profile.source.needRule).join('; ')}.`,
    `Disclosure control: counts below ${profile.disclosure.rule.suppressBelow} withheld; practice person-years by segment controlled-rounded to ${profile.disclosure.rule.roundTo}; ${withheld} segment x line baseline(s) withheld and filled from a coarser group's rate; baselines x person-years add up to ${formatGbp(r.scenarioSpend)} against ${r.extractSpend === null ? 'withheld' : formatGbp(r.extractSpend)} spent in the extract.`,
    `Data quality (rounded): ${count(q.people.rowsRejected)} of ${count(q.people.rowsRead)} people rows and ${count(q.activity.rowsRejected)} of ${count(q.activity.rowsRead)} activity rows rejected.`,
    ...(profile.source.needIndexSource ? [`Practice need indices: ${profile.source.needIndexSource}.`] : []),
  ];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
