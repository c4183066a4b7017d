import { formatGbp, formatRate } from '../../shared/core/base/index.ts';
import type { DataProfile, QualityReport } from '../../shared/core/dataProfile/index.ts';
import { renderTable } from '../table.ts';

/* Human-readable summaries of a data profile. Withheld figures (small numbers) show as "*". Money in GBP (totals
 * to the pound, per person-year to the penny); counts as published (rounded by the disclosure rule). */

const n = (v: number | null) => (v === null ? '*' : Math.round(v).toLocaleString('en-GB'));
const gbp = (v: number | null, d = 0) => (v === null ? '*' : formatGbp(v, d));
const pct = (v: number | null, d = 1) => (v === null ? '*' : formatRate(v, d));
const num = (v: number | null, d = 2) => (v === null ? '*' : v.toFixed(d));

export function renderQuality(q: QualityReport): string {
  const lines = ['Input checks (every row is either accepted or counted under one reason below)'];
  for (const [what, x] of [
    ['people', q.people],
    ['activity', q.activity],
  ] as const) {
    lines.push(
      `  ${what}: ${x.rowsRead.toLocaleString('en-GB')} rows read, ${x.rowsAccepted.toLocaleString('en-GB')} accepted, ${x.rowsRejected.toLocaleString('en-GB')} rejected (${formatRate(x.rejectedShare, 2)})`,
    );
    for (const r of x.rejections) {
      const examples = r.examples
        .map(
          (e) =>
            `${e.value !== undefined ? `"${e.value}" ` : ''}(${e.file}${e.line !== undefined ? ` line ${e.line}` : ''})`,
        )
        .join(', ');
      lines.push(
        `    ${r.reason}: ${r.rows.toLocaleString('en-GB')} - ${r.description}${examples ? `; e.g. ${examples}` : ''}`,
      );
    }
  }
  for (const w of q.warnings) lines.push(`  warning: ${w}`);
  lines.push(
    q.passed
      ? `  within the limit of ${formatRate(q.maxRejectedShare, 2)} rejected rows`
      : `  FAILED: ${q.failures.join('; ')}`,
  );
  return `${lines.join('\n')}\n`;
}

export function renderProfile(p: DataProfile): string {
  const out: string[] = [renderQuality(p.quality)];
  const b = p.baselines;
  out.push(
    `\nData profile, base year ${b.year} (years ${p.source.years.join(', ')}); counts rounded to ${p.disclosure.rule.roundTo}, counts below ${p.disclosure.rule.suppressBelow} withheld (*)\n` +
      `people ${n(b.total.people)}, person-years ${n(b.total.personYears)}, spend ${gbp(b.total.spend)}, ${gbp(b.total.pppy, 2)} per person-year\n`,
  );
  out.push(
    `\nLevels of need (${p.levels.rule.join('; ')})\n${renderTable(
      ['level', 'people', 'share of people', 'spend', 'share of spend', 'PPPY'],
      p.levels.byLevel.map((l) => [
        `${l.level} ${l.name}`,
        n(l.people),
        pct(l.shareOfPeople),
        gbp(l.spend),
        pct(l.shareOfSpend),
        gbp(l.pppy, 2),
      ]),
    )}`,
  );
  const d = p.drivers;
  const groupTable = (title: string, rows: DataProfile['drivers']['byAgeBand']) =>
    rows.length === 0
      ? ''
      : `\n${title}\n${renderTable(
          ['group', 'person-years', 'share of person-years', 'share of spend', 'PPPY', 'index'],
          rows.map((g) => [
            g.group,
            n(g.personYears),
            pct(g.shareOfPersonYears),
            pct(g.shareOfSpend),
            gbp(g.pppy, 2),
            num(g.index),
          ]),
        )}`;
  out.push(groupTable('Drivers of spend: age band', d.byAgeBand));
  out.push(groupTable('Drivers of spend: IMD quintile (1 = most deprived)', d.byImdQuintile));
  out.push(
    `\nDrivers of spend: service line\n${renderTable(
      ['line', 'users', 'spend', 'share', 'PPPY', 'users per 1,000'],
      d.byLine.map((l) => [
        l.line,
        n(l.users),
        gbp(l.spend),
        pct(l.shareOfSpend),
        gbp(l.pppy, 2),
        num(l.usersPerThousand, 0),
      ]),
    )}`,
  );
  out.push(
    `\nDrivers of spend: settings (local codes)\n${renderTable(
      ['setting', 'line', 'contacts', 'spend', 'share', 'per contact'],
      d.bySetting.map((s) => [
        s.setting,
        s.line,
        n(s.events),
        gbp(s.spend),
        pct(s.shareOfSpend),
        gbp(s.costPerEvent, 2),
      ]),
    )}`,
  );
  const practices = d.byPractice.slice(0, 15);
  out.push(
    `\nPractices furthest from their need-weighted expected spend (${d.byPractice.length} practices; top 15)\n${renderTable(
      [
        'practice',
        'need index',
        'actual',
        'expected',
        'difference',
        'case mix',
        'utilisation',
        'main segments',
        'main lines',
      ],
      practices.map((x) => [
        x.practice,
        num(x.needIndex, 3),
        gbp(x.spend),
        gbp(x.expectedSpend),
        gbp(x.difference),
        gbp(x.caseMix),
        gbp(x.utilisation),
        x.topSegments.map((c) => `${c.name} ${formatGbp(c.amount)}`).join('; '),
        x.topLines.map((c) => `${c.name} ${formatGbp(c.amount)}`).join('; '),
      ]),
      [false, true, true, true, true, true, true, false, false],
    )}`,
  );
  for (const note of d.notes) out.push(`note: ${note}\n`);
  out.push(renderCalibration(p));
  if (p.trend) {
    const t = p.trend;
    out.push(
      `\nDemand trend ${t.years[0]} to ${t.years.at(-1)} (compound annual growth)\n` +
        `person-years ${pct(t.personYears.growth, 2)}; spend per person-year ${pct(t.pppy.growth, 2)}; standardised to ${t.years.at(-1)} mix (non-demographic) ${pct(t.standardisedPppy.growth, 2)}\n${renderTable(
          ['line', ...t.years, 'growth'],
          t.byLine.map((r) => [r.name, ...r.byYear.map((v) => gbp(v, 2)), pct(r.growth, 2)]),
        )}`,
    );
  }
  out.push(
    `\nDisclosure control: ${p.disclosure.suppressed.length} cell(s) withheld${p.disclosure.summary.length ? ` (${p.disclosure.summary.map((s) => `${s.table} ${s.cells}`).join(', ')})` : ''}; the list is in the --json output\n`,
  );
  return out.join('');
}

export function renderCalibration(p: DataProfile): string {
  const r = p.risk;
  const c = r.calibration;
  const out = [
    `\nRisk model, ${r.year}: zero-cost share ${pct(r.zeroCostShare)}; top 1% of people ${pct(r.concentration.top1)} of spend, top 5% ${pct(r.concentration.top5)}, bottom 50% ${pct(r.concentration.bottom50)}\n`,
    `tail above the ${r.tail.quantile * 100}th percentile (${gbp(r.tail.threshold)} per person-year): ${n(r.tail.exceedances)} people, Pareto index ${num(r.tail.alpha)} (standard error ${num(r.tail.standardError)})\n`,
    `calibration (simulation options): zeroProb ${c.zeroProb.toFixed(4)}, tail mass ${c.tail.mass.toFixed(4)}, alpha ${c.tail.alpha.toFixed(3)}, CV by segment for ${Object.keys(c.cv).length} segment(s), fallback sigma ${c.sigma.toFixed(3)}\n`,
    `\nFit: model against data (annualised cost per person, GBP)\n${renderTable(
      ['percentile', 'data', 'model', 'model / data'],
      r.fit.percentiles.map((f) => [
        `${(f.percentile * 100).toFixed(1)}th`,
        gbp(f.data),
        formatGbp(f.model),
        num(f.ratio, 3),
      ]),
    )}`,
    renderTable(
      ['share of spend', 'data', 'model'],
      r.fit.topShares.map((t) => [
        t.top === 0.5 ? 'top 50%' : `top ${t.top * 100}%`,
        pct(t.data),
        formatRate(t.model, 1),
      ]),
    ),
    `\nStop-loss attachments (annual cost per person)\n${renderTable(
      ['attachment', 'people above', 'per 1,000', 'model per 1,000', 'mean excess', 'model mean excess'],
      r.attachments.map((a) => [
        formatGbp(a.attachment),
        n(a.people),
        num(a.perThousand, 3),
        a.modelPerThousand.toFixed(3),
        gbp(a.meanExcess),
        gbp(a.modelMeanExcess),
      ]),
    )}`,
    ...r.fit.notes.map((x) => `note: ${x}\n`),
  ];
  return out.join('');
}

export function renderBaselineChanges(
  p: DataProfile,
  changes: string[],
  path: string,
  existed: boolean,
): string {
  const r = p.baselines.reconciliation;
  return (
    `\n${existed ? 'Updated' : 'Created'} ${path}\n${changes.map((c) => `  ${c}\n`).join('')}` +
    `  baselines x person-years: ${formatGbp(r.scenarioSpend)} (with each practice's cost index: ${formatGbp(r.scenarioSpendWithCostIndex)}); extract spend ${gbp(r.extractSpend)}; difference ${gbp(r.difference)} (from disclosure control: rounded person-years, withheld cells filled from coarser groups)\n`
  );
}
