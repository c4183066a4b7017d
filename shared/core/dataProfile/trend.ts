import type { ExtractAggregates } from './aggregates.ts';
import { demographic } from './cells.ts';
import type { Disclosure } from './disclosure.ts';
import type { ProfileLine } from './mapping.ts';
import type { TrendProfile } from './profile.ts';
import { type SegmentKey, type Segmentation, keyString, segmentId } from './segmentation.ts';

/* Demand trend with two or more years (capitation-method.md B7): growth of person-years (demographic) and of spend
 * per person-year by age/sex/IMD segment and line. Spend per person-year standardised to the base year's
 * segment mix moves only with use and cost of care, so its growth is the non-demographic growth a trajectory
 * needs; level of need is pooled, so a shift towards higher needs counts as demand growth. Growth is compound
 * annual from the first to the last year (years apart by their labels). */

export function startYear(fy: string): number {
  return Number(fy.slice(0, 4));
}

export function compoundGrowth(first: number | null, last: number | null, years: number): number | null {
  if (first === null || last === null || !(first > 0) || !(years > 0)) return null;
  return (last / first) ** (1 / years) - 1;
}

export function buildTrend(
  aggs: ExtractAggregates,
  seg: Segmentation,
  lines: readonly ProfileLine[],
  disclosure: Disclosure,
): TrendProfile | null {
  const years = aggs.years;
  if (years.length < 2) return null;
  const span = startYear(years.at(-1)!) - startYear(years[0]!);

  type Cell = { key: SegmentKey; people: number[]; py: number[]; spend: number[] };
  const cells = new Map<string, Cell>();
  const yearIndex = new Map(years.map((y, i) => [y, i]));
  const zeros = () => years.map(() => 0);
  for (const r of aggs.segmentYears) {
    const y = yearIndex.get(r.year);
    if (y === undefined) continue;
    const dk = demographic(r.key);
    const k = keyString(dk);
    const c = cells.get(k) ?? { key: dk, people: zeros(), py: zeros(), spend: zeros() };
    c.people[y]! += r.people;
    c.py[y]! += r.personYears;
    c.spend[y]! += r.spend;
    cells.set(k, c);
  }
  const lineCells = new Map<string, { users: number[]; spend: number[] }>();
  for (const r of aggs.segmentLineYears) {
    const y = yearIndex.get(r.year);
    if (y === undefined) continue;
    const k = `${keyString(demographic(r.key))}#${r.line}`;
    const c = lineCells.get(k) ?? { users: zeros(), spend: zeros() };
    c.users[y]! += r.users;
    c.spend[y]! += r.spend;
    lineCells.set(k, c);
  }

  const totalPy = years.map((_, y) => [...cells.values()].reduce((a, c) => a + c.py[y]!, 0));
  const totalSpend = years.map((_, y) => [...cells.values()].reduce((a, c) => a + c.spend[y]!, 0));
  const totalPeople = years.map((_, y) => [...cells.values()].reduce((a, c) => a + c.people[y]!, 0));
  // Standardisation weights: base-year person-years of segments present in every year.
  const complete = [...cells.values()].filter((c) => c.py.every((v) => v > 0));
  const basePy = complete.reduce((a, c) => a + c.py.at(-1)!, 0);
  const weight = (c: Cell) => c.py.at(-1)! / basePy;
  const standardised = years.map((_, y) =>
    complete.reduce((a, c) => a + weight(c) * (c.spend[y]! / c.py[y]!), 0),
  );
  const standardisedLine = (line: string) =>
    years.map((_, y) =>
      complete.reduce((a, c) => {
        const l = lineCells.get(`${keyString(c.key)}#${line}`);
        return a + weight(c) * ((l?.spend[y] ?? 0) / c.py[y]!);
      }, 0),
    );

  const row = (name: string, byYear: (number | null)[]) => ({
    name,
    byYear,
    growth: compoundGrowth(byYear[0] ?? null, byYear.at(-1) ?? null, span),
  });
  const anySmall = totalPeople.some((n) => disclosure.isSmall(n));
  const byLine = lines.map((l) => row(l.id, standardisedLine(l.id)));

  const ordered = [...cells.values()].sort((a, b) => (keyString(a.key) < keyString(b.key) ? -1 : 1));
  const bySegmentRows = ordered.map((c) => {
    const id = segmentId(seg, c.key);
    return row(
      id,
      years.map((y, i) =>
        disclosure.derived(
          c.py[i]! > 0 ? c.spend[i]! / c.py[i]! : 0,
          c.people[i]!,
          'trend.bySegment',
          `${id} ${y}`,
        ),
      ),
    );
  });
  const bySegmentLine = ordered.flatMap((c) => {
    const id = segmentId(seg, c.key);
    return lines.map((l) => {
      const lc = lineCells.get(`${keyString(c.key)}#${l.id}`) ?? { users: zeros(), spend: zeros() };
      return {
        ...row(
          id,
          years.map((y, i) => {
            const withheld = disclosure.isSmall(c.people[i]!) || disclosure.isSmall(lc.users[i]!);
            if (withheld)
              disclosure.withhold(
                'trend.bySegmentLine',
                `${id} x ${l.id} ${y}`,
                'people or users below threshold',
              );
            return withheld ? null : c.py[i]! > 0 ? lc.spend[i]! / c.py[i]! : 0;
          }),
        ),
        line: l.id,
      };
    });
  });

  // Published person-years are rounded; their growth is computed before rounding.
  const personYears = {
    name: 'person-years',
    byYear: totalPy.map((v, i) => (anySmall ? null : disclosure.count(v, 'trend.personYears', years[i]!))),
    growth: anySmall ? null : compoundGrowth(totalPy[0]!, totalPy.at(-1)!, span),
  };
  const standardisedRow = row('standardised PPPY', anySmall ? years.map(() => null) : standardised);
  const byLineGrowth: Record<string, number> = {};
  for (const r of byLine) if (r.growth !== null && !anySmall) byLineGrowth[r.name] = r.growth;
  return {
    years,
    personYears,
    pppy: row(
      'PPPY',
      totalPy.map((py, i) => (anySmall || py === 0 ? null : totalSpend[i]! / py)),
    ),
    standardisedPppy: standardisedRow,
    byLine: anySmall ? byLine.map((r) => ({ ...r, byYear: r.byYear.map(() => null), growth: null })) : byLine,
    bySegment: bySegmentRows,
    bySegmentLine,
    trajectory: {
      nonDemographicGrowth: standardisedRow.growth,
      byLine: byLineGrowth,
      populationGrowth: personYears.growth,
    },
  };
}
