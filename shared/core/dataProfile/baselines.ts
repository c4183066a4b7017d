import type { ExtractAggregates } from './aggregates.ts';
import { bySegment, bySegmentLine, lineTotalsWithin, totalsWithin } from './cells.ts';
import { type Disclosure, controlledRound } from './disclosure.ts';
import type { ProfileLine } from './mapping.ts';
import type { DataProfile, ProfilePractice } from './profile.ts';
import {
  type SegmentKey,
  type Segmentation,
  allSegmentKeys,
  fallbackChain,
  groupLabel,
  keyString,
  scenarioSegment,
  segmentId,
} from './segmentation.ts';

/* Baselines (capitation-method.md B3 step 3): person-years and PPPY by segment x service line in the base year,
 * and the practices' person-years by segment for a scenario's population (B1). */

type Profile = DataProfile;

export interface BaselineParts {
  keys: SegmentKey[];
  segments: Profile['segments'];
  population: Profile['population'];
  baselines: Profile['baselines'];
}

/** Segments that have anyone in the base year, in the segmentation's fixed order. */
export function baseYearKeys(aggs: ExtractAggregates, seg: Segmentation): SegmentKey[] {
  const base = aggs.years.at(-1)!;
  const present = new Set(
    aggs.segmentYears.filter((r) => r.year === base && r.people > 0).map((r) => keyString(r.key)),
  );
  return allSegmentKeys(seg).filter((k) => present.has(keyString(k)));
}

export function buildBaselines(
  aggs: ExtractAggregates,
  seg: Segmentation,
  lines: readonly ProfileLine[],
  disclosure: Disclosure,
): BaselineParts {
  const base = aggs.years.at(-1)!;
  const segRows = aggs.segmentYears.filter((r) => r.year === base);
  const lineRows = aggs.segmentLineYears.filter((r) => r.year === base);
  const keys = baseYearKeys(aggs, seg);
  const segIndex = bySegment(segRows);
  const cellIndex = bySegmentLine(lineRows);
  const small = (n: number) => disclosure.isSmall(n);

  const bySegmentFigures = keys.map((k) => {
    const id = segmentId(seg, k);
    const r = segIndex.get(keyString(k))!;
    const table = 'baselines.bySegment';
    return {
      segment: id,
      people: disclosure.count(r.people, table, id, 'people'),
      personYears: small(r.people) ? null : disclosure.count(r.personYears, table, `${id} person-years`),
      spend: disclosure.derived(r.spend, r.people, table, `${id} spend`),
      pppy: small(r.people) ? null : r.personYears > 0 ? r.spend / r.personYears : 0,
    };
  });

  const practices = practicePersonYears(aggs, keys, disclosure);
  // Person-years by segment as the scenario will hold them (practices' rounded person-years).
  const scenarioPy = keys.map((_, i) => practices.reduce((a, p) => a + p.personYears[i]!, 0));
  const cells: Profile['baselines']['cells'] = [];
  let scenarioSpend = 0;
  keys.forEach((k, segmentIndex) => {
    const id = segmentId(seg, k);
    const segRow = segIndex.get(keyString(k))!;
    for (const line of lines) {
      const c = cellIndex.get(`${keyString(k)}#${line.id}`) ?? { users: 0, events: 0, spend: 0 };
      const key = `${id} x ${line.id}`;
      const withheld = small(segRow.people) || small(c.users);
      if (withheld)
        disclosure.withhold(
          'baselines.cells',
          key,
          small(segRow.people) ? 'people below threshold' : 'users below threshold',
        );
      const pppy = segRow.personYears > 0 ? c.spend / segRow.personYears : 0;
      let scenarioPppy = pppy;
      let filledFrom: string | undefined;
      if (withheld) {
        scenarioPppy = 0;
        filledFrom = 'nothing publishable: 0';
        for (const group of fallbackChain(k)) {
          const g = totalsWithin(segRows, group);
          const gl = lineTotalsWithin(lineRows, line.id, group);
          if (!small(g.people) && !small(gl.users) && g.personYears > 0) {
            scenarioPppy = gl.spend / g.personYears;
            filledFrom = groupLabel(seg, group);
            break;
          }
        }
      }
      scenarioSpend += scenarioPppy * scenarioPy[segmentIndex]!;
      cells.push({
        segment: id,
        line: line.id,
        users: withheld ? null : disclosure.count(c.users, 'baselines.cells', `${key} users`),
        events: withheld ? null : disclosure.count(c.events, 'baselines.cells', `${key} events`),
        spend: withheld ? null : c.spend,
        pppy: withheld ? null : pppy,
        scenarioPppy,
        ...(filledFrom === undefined ? {} : { filledFrom }),
      });
    }
  });

  const withCostIndex = addCostIndices(practices, aggs, lines, cells, disclosure);

  const all = totalsWithin(segRows, { band: -1, sex: null, imd: null, need: null });
  const total = {
    people: disclosure.count(all.people, 'baselines.total', 'people', 'people'),
    personYears: small(all.people)
      ? null
      : disclosure.count(all.personYears, 'baselines.total', 'person-years'),
    spend: disclosure.derived(all.spend, all.people, 'baselines.total', 'spend'),
    pppy: small(all.people) ? null : all.personYears > 0 ? all.spend / all.personYears : 0,
  };

  return {
    keys,
    segments: keys.map((k) => scenarioSegment(seg, k)),
    population: {
      people: total.people,
      personYears: total.personYears,
      practices,
    },
    baselines: {
      year: base,
      total,
      bySegment: bySegmentFigures,
      cells,
      reconciliation: {
        scenarioSpend,
        scenarioSpendWithCostIndex: withCostIndex,
        extractSpend: total.spend,
        difference: total.spend === null ? null : scenarioSpend - total.spend,
      },
    },
  };
}

/** Each practice's historical cost index on each line (ServiceLine.practiceCostIndex): its actual base-year spend
 *  on the line over what its person-years (as the scenario holds them) cost at the line's PPPY by segment, so a
 *  scenario's base-year budget starts from each practice's own history. Withheld when the practice has few users
 *  of the line; left out (index 1) when there is nothing to compare or the practice spent nothing on it. */
function addCostIndices(
  practices: ProfilePractice[],
  aggs: ExtractAggregates,
  lines: readonly ProfileLine[],
  cells: DataProfile['baselines']['cells'],
  disclosure: Disclosure,
): number {
  const rate = new Map(cells.map((c) => [`${c.segment}#${c.line}`, c.scenarioPppy]));
  let budget = 0;
  const segmentIds = [...new Set(cells.map((c) => c.segment))];
  const actual = new Map(aggs.practiceLines.map((r) => [`${r.practice}#${r.line}`, r]));
  for (const p of practices) {
    const index: Record<string, number> = {};
    for (const line of lines) {
      let expected = 0;
      segmentIds.forEach((s, i) => {
        expected += (p.personYears[i] ?? 0) * (rate.get(`${s}#${line.id}`) ?? 0);
      });
      const a = actual.get(`${p.code}#${line.id}`);
      budget += expected;
      if (!a || !(expected > 0) || !(a.spend > 0)) continue;
      if (disclosure.isSmall(a.users)) {
        disclosure.withhold(
          'population.practices.costIndex',
          `${p.code} x ${line.id}`,
          'users below threshold',
        );
        continue;
      }
      index[line.id] = a.spend / expected;
      budget += a.spend - expected;
    }
    p.costIndex = index;
  }
  return budget;
}

/** Base-year person-years of each practice by segment, controlled-rounded to the disclosure base within the
 *  practice (so a practice's segments add up to its rounded total). */
function practicePersonYears(
  aggs: ExtractAggregates,
  keys: readonly SegmentKey[],
  disclosure: Disclosure,
): ProfilePractice[] {
  const position = new Map(keys.map((k, i) => [keyString(k), i]));
  const vectors = new Map<string, number[]>();
  for (const r of aggs.practiceSegments) {
    const i = position.get(keyString(r.key));
    if (i === undefined) continue;
    let v = vectors.get(r.practice);
    if (!v) {
      v = new Array<number>(keys.length).fill(0);
      vectors.set(r.practice, v);
    }
    v[i] = (v[i] ?? 0) + r.personYears;
  }
  const info = new Map(aggs.practices.map((p) => [p.code, p]));
  const roundBase = disclosure.rule.roundTo;
  return [...vectors.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, v]) => {
      const p = info.get(code);
      const rounded =
        roundBase > 1 ? controlledRound(v, roundBase, code) : v.map((x) => Math.round(x * 1e4) / 1e4);
      return {
        code,
        ...(p?.name ? { name: p.name } : {}),
        ...(p?.pcnCode ? { pcnCode: p.pcnCode } : {}),
        ...(p?.pcnName ? { pcnName: p.pcnName } : {}),
        ...(p?.needIndex !== undefined ? { needIndex: p.needIndex } : {}),
        personYears: rounded,
        costIndex: {},
      };
    })
    .filter((p) => p.personYears.some((x) => x > 0));
}
