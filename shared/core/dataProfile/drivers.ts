import type { ExtractAggregates } from './aggregates.ts';
import { type Totals, addTotals, demographic, emptyTotals } from './cells.ts';
import type { Disclosure } from './disclosure.ts';
import type { ProfileLine, ResolvedSetting } from './mapping.ts';
import { NEED_LEVEL_NAMES, type NeedRule, describeNeedRule } from './needRule.ts';
import type { DataProfile } from './profile.ts';
import { type SegmentKey, type Segmentation, bandLabel, keyString, segmentId } from './segmentation.ts';

/* Levels of need and drivers of spend in the base year: which groups, lines, settings and practices the money goes
 * to, and each practice's spend against its need-weighted expected spend (capitation-method.md B4 i), split into
 * what the need index misses of the practice's population mix (case mix) and higher or lower use of care
 * (utilisation), with the segments and lines that explain the latter. */

type Profile = DataProfile;
const TOP = 3;

export function buildLevels(
  aggs: ExtractAggregates,
  rule: NeedRule,
  disclosure: Disclosure,
): Profile['levels'] {
  const base = aggs.years.at(-1)!;
  const rows = aggs.levelYears.filter((r) => r.year === base);
  const people = rows.reduce((a, r) => a + r.people, 0);
  const spend = rows.reduce((a, r) => a + r.spend, 0);
  return {
    year: base,
    rule: describeNeedRule(rule),
    byLevel: ([1, 2, 3, 4] as const).map((level) => {
      const r = rows.find((x) => x.level === level) ?? { people: 0, personYears: 0, spend: 0 };
      const key = `level ${level}`;
      const small = disclosure.isSmall(r.people);
      const name = rule.levels.find((l) => l.level === level)?.name ?? NEED_LEVEL_NAMES[level];
      return {
        level,
        name,
        people: disclosure.count(r.people, 'levels', key, 'people'),
        personYears: small ? null : disclosure.count(r.personYears, 'levels', `${key} person-years`),
        shareOfPeople: small ? null : people > 0 ? r.people / people : 0,
        spend: small ? null : r.spend,
        shareOfSpend: small ? null : spend > 0 ? r.spend / spend : 0,
        pppy: small ? null : r.personYears > 0 ? r.spend / r.personYears : 0,
      };
    }),
  };
}

export function buildDrivers(
  aggs: ExtractAggregates,
  seg: Segmentation,
  lines: readonly ProfileLine[],
  settings: readonly ResolvedSetting[],
  disclosure: Disclosure,
): Profile['drivers'] {
  const base = aggs.years.at(-1)!;
  const segRows = aggs.segmentYears.filter((r) => r.year === base);
  const lineRows = aggs.segmentLineYears.filter((r) => r.year === base);
  const all = emptyTotals();
  for (const r of segRows) addTotals(all, r);
  const overallPppy = all.personYears > 0 ? all.spend / all.personYears : 0;
  const notes: string[] = [];

  const groups = (table: string, label: (k: SegmentKey) => string | null) => {
    const sums = new Map<string, Totals>();
    for (const r of segRows) {
      const name = label(r.key);
      if (name === null) continue;
      const t = sums.get(name) ?? emptyTotals();
      addTotals(t, r);
      sums.set(name, t);
    }
    return [...sums.entries()].map(([group, t]) => {
      const small = disclosure.isSmall(t.people);
      const pppy = t.personYears > 0 ? t.spend / t.personYears : 0;
      return {
        group,
        people: disclosure.count(t.people, table, group, 'people'),
        personYears: small ? null : disclosure.count(t.personYears, table, `${group} person-years`),
        spend: small ? null : t.spend,
        shareOfPersonYears: small ? null : t.personYears / all.personYears,
        shareOfSpend: small ? null : all.spend > 0 ? t.spend / all.spend : 0,
        pppy: small ? null : pppy,
        index: small || overallPppy === 0 ? null : pppy / overallPppy,
      };
    });
  };

  const lineTotals = new Map<string, { users: number; events: number; spend: number }>();
  for (const r of lineRows) {
    const t = lineTotals.get(r.line) ?? { users: 0, events: 0, spend: 0 };
    t.users += r.users;
    t.events += r.events;
    t.spend += r.spend;
    lineTotals.set(r.line, t);
  }
  const byLine = lines.map((l) => {
    const t = lineTotals.get(l.id) ?? { users: 0, events: 0, spend: 0 };
    const small = disclosure.isSmall(t.users);
    return {
      line: l.id,
      users: disclosure.count(t.users, 'drivers.byLine', l.id, 'users'),
      events: small ? null : disclosure.count(t.events, 'drivers.byLine', `${l.id} events`, 'events'),
      spend: small ? null : t.spend,
      shareOfSpend: small ? null : all.spend > 0 ? t.spend / all.spend : 0,
      pppy: small ? null : all.personYears > 0 ? t.spend / all.personYears : 0,
      usersPerThousand: small ? null : all.personYears > 0 ? (1000 * t.users) / all.personYears : 0,
    };
  });

  const settingInfo = new Map(settings.map((s) => [s.code, s]));
  const bySetting = aggs.settings
    .slice()
    .sort((a, b) => b.spend - a.spend)
    .map((s) => {
      const info = settingInfo.get(s.code);
      const small = disclosure.isSmall(s.users);
      return {
        setting: s.code,
        name: info?.name ?? s.code,
        line: info?.line ?? 'unknown',
        users: disclosure.count(s.users, 'drivers.bySetting', s.code, 'users'),
        events: small ? null : disclosure.count(s.events, 'drivers.bySetting', `${s.code} events`, 'events'),
        spend: small ? null : s.spend,
        shareOfSpend: small ? null : all.spend > 0 ? s.spend / all.spend : 0,
        costPerEvent: small || s.events === 0 ? null : s.spend / s.events,
      };
    });

  return {
    year: base,
    byAgeBand: groups('drivers.byAgeBand', (k) => bandLabel(seg.ageBands[k.band]!)),
    bySex: seg.bySex ? groups('drivers.bySex', (k) => k.sex) : [],
    byImdQuintile: seg.byImd
      ? groups('drivers.byImdQuintile', (k) => (k.imd === null ? null : `IMD quintile ${k.imd}`))
      : [],
    byLevel: seg.byNeed ? groups('drivers.byLevel', (k) => (k.need === null ? null : `level ${k.need}`)) : [],
    byLine,
    bySetting,
    byPractice: practiceDrivers(aggs, seg, lines, disclosure, notes),
    notes,
  };
}

function practiceDrivers(
  aggs: ExtractAggregates,
  seg: Segmentation,
  lines: readonly ProfileLine[],
  disclosure: Disclosure,
  notes: string[],
): Profile['drivers']['byPractice'] {
  const base = aggs.years.at(-1)!;
  // Population rates by demographic segment (age band x sex x IMD; level of need pooled, since a level partly
  // reflects the use of care being explained) and by segment and line.
  const rate = new Map<string, { py: number; spend: number }>();
  for (const r of aggs.segmentYears) {
    if (r.year !== base) continue;
    const k = keyString(demographic(r.key));
    const t = rate.get(k) ?? { py: 0, spend: 0 };
    t.py += r.personYears;
    t.spend += r.spend;
    rate.set(k, t);
  }
  const lineRate = new Map<string, number>();
  for (const r of aggs.segmentLineYears) {
    if (r.year !== base) continue;
    const k = `${keyString(demographic(r.key))}#${r.line}`;
    lineRate.set(k, (lineRate.get(k) ?? 0) + r.spend);
  }
  const pppyOf = (k: string) => {
    const t = rate.get(k);
    return t && t.py > 0 ? t.spend / t.py : 0;
  };

  interface Practice {
    people: number;
    py: number;
    spend: number;
    segs: Map<string, { key: SegmentKey; people: number; py: number; spend: number }>;
    lines: Map<string, { users: number; spend: number }>;
  }
  const practices = new Map<string, Practice>();
  const practice = (code: string) => {
    let p = practices.get(code);
    if (!p) {
      p = { people: 0, py: 0, spend: 0, segs: new Map(), lines: new Map() };
      practices.set(code, p);
    }
    return p;
  };
  for (const r of aggs.practiceSegments) {
    const p = practice(r.practice);
    p.people += r.people;
    p.py += r.personYears;
    p.spend += r.spend;
    const dk = demographic(r.key);
    const k = keyString(dk);
    const s = p.segs.get(k) ?? { key: dk, people: 0, py: 0, spend: 0 };
    s.people += r.people;
    s.py += r.personYears;
    s.spend += r.spend;
    p.segs.set(k, s);
  }
  for (const r of aggs.practiceLines)
    practice(r.practice).lines.set(r.line, { users: r.users, spend: r.spend });

  const info = new Map(aggs.practices.map((p) => [p.code, p]));
  const missingIndex = [...practices.keys()].filter((c) => info.get(c)?.needIndex === undefined);
  if (missingIndex.length > 0)
    notes.push(
      `${missingIndex.length} practice(s) have no need index (no practice file, or not in it): their expected spend assumes average need (index 1)`,
    );
  let totalSpend = 0;
  let weighted = 0;
  for (const [code, p] of practices) {
    totalSpend += p.spend;
    weighted += p.py * (info.get(code)?.needIndex ?? 1);
  }

  const rows = [...practices.entries()].map(([code, p]) => {
    const needIndex = info.get(code)?.needIndex ?? null;
    const name = info.get(code)?.name;
    const small = disclosure.isSmall(p.people);
    if (small) disclosure.withhold('drivers.byPractice', code, 'people below threshold');
    const expected = weighted > 0 ? (totalSpend * p.py * (needIndex ?? 1)) / weighted : 0;
    let atPopulationRates = 0;
    const segmentContributions: { name: string; amount: number }[] = [];
    for (const [k, s] of p.segs) {
      atPopulationRates += s.py * pppyOf(k);
      if (!disclosure.isSmall(s.people))
        segmentContributions.push({ name: segmentId(seg, s.key), amount: s.spend - s.py * pppyOf(k) });
    }
    const lineContributions: { name: string; amount: number }[] = [];
    for (const line of lines) {
      let expectedLine = 0;
      for (const [k, s] of p.segs) {
        const t = rate.get(k);
        if (t && t.py > 0) expectedLine += (s.py * (lineRate.get(`${k}#${line.id}`) ?? 0)) / t.py;
      }
      const actual = p.lines.get(line.id) ?? { users: 0, spend: 0 };
      if (!disclosure.isSmall(actual.users))
        lineContributions.push({ name: line.id, amount: actual.spend - expectedLine });
    }
    const top = (xs: { name: string; amount: number }[]) =>
      xs.sort((a, b) => Math.abs(b.amount) - Math.abs(a.amount)).slice(0, TOP);
    return {
      practice: code,
      ...(name ? { name } : {}),
      people: small ? null : disclosure.count(p.people, 'drivers.byPractice', `${code} people`, 'people'),
      personYears: small ? null : disclosure.count(p.py, 'drivers.byPractice', `${code} person-years`),
      spend: small ? null : p.spend,
      pppy: small || p.py === 0 ? null : p.spend / p.py,
      needIndex,
      expectedSpend: small ? null : expected,
      difference: small ? null : p.spend - expected,
      caseMix: small ? null : atPopulationRates - expected,
      utilisation: small ? null : p.spend - atPopulationRates,
      topSegments: small ? [] : top(segmentContributions),
      topLines: small ? [] : top(lineContributions),
    };
  });
  return rows.sort(
    (a, b) => Math.abs(b.difference ?? 0) - Math.abs(a.difference ?? 0) || (a.practice < b.practice ? -1 : 1),
  );
}
