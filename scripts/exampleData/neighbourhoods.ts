import type { PracticeRow } from '../../shared/core/needIndex/index.ts';

export interface NeighbourhoodGroup {
  id: string;
  name: string;
  practices: PracticeRow[];
  population: number;
}

const COMPASS = ['east', 'north-east', 'north', 'north-west', 'west', 'south-west', 'south', 'south-east'];

/** Splits one place's practices into k neighbourhoods of neighbouring practices: practices are ordered by bearing
 *  from the place's population-weighted centre (starting after the widest empty sector, so no neighbourhood
 *  straddles it) and the ring is cut into k runs of roughly equal population. Practice files carry no PCN here,
 *  so geography stands in for the primary care networks a real PACS would build on. */
export function sectorNeighbourhoods(
  rows: readonly PracticeRow[],
  k: number,
  placeName: string,
): NeighbourhoodGroup[] {
  const located = rows.map((r) => ({ r, lat: Number(r.text.Latitude), lon: Number(r.text.Longitude) }));
  if (located.some((x) => !Number.isFinite(x.lat) || !Number.isFinite(x.lon)))
    throw new Error(`${placeName}: a practice has no latitude/longitude`);
  const total = rows.reduce((a, r) => a + r.population, 0);
  const lat0 = located.reduce((a, x) => a + x.lat * x.r.population, 0) / total;
  const lon0 = located.reduce((a, x) => a + x.lon * x.r.population, 0) / total;
  const cos = Math.cos((lat0 * Math.PI) / 180);
  const withBearing = located
    .map((x) => ({ ...x, bearing: Math.atan2(x.lat - lat0, (x.lon - lon0) * cos) }))
    .sort((a, b) => a.bearing - b.bearing || (a.r.code < b.r.code ? -1 : 1));
  let widest = 0;
  let widestGap = -1;
  withBearing.forEach((x, i) => {
    const next = withBearing[(i + 1) % withBearing.length]!;
    const gap = (next.bearing - x.bearing + 2 * Math.PI) % (2 * Math.PI);
    if (gap > widestGap) {
      widestGap = gap;
      widest = i;
    }
  });
  const ring = [...withBearing.slice(widest + 1), ...withBearing.slice(0, widest + 1)];

  const groups = Array.from({ length: k }, () => [] as typeof ring);
  let cumulative = 0;
  for (const x of ring) {
    // A practice goes to the run holding its midpoint, so a large practice is never split.
    const g = Math.min(k - 1, Math.floor(((cumulative + x.r.population / 2) * k) / total));
    groups[g]!.push(x);
    cumulative += x.r.population;
  }
  const names = new Set<string>();
  return groups.map((members, i) => {
    const pop = members.reduce((a, x) => a + x.r.population, 0);
    const lat = members.reduce((a, x) => a + x.lat * x.r.population, 0) / pop;
    const lon = members.reduce((a, x) => a + x.lon * x.r.population, 0) / pop;
    const octant = Math.round(Math.atan2(lat - lat0, (lon - lon0) * cos) / (Math.PI / 4));
    let name = `${placeName} ${COMPASS[(octant + 8) % 8]}`;
    if (names.has(name)) name = `${name} ${i + 1}`;
    names.add(name);
    return {
      id: `n${i + 1}`,
      name,
      practices: members.map((x) => x.r).sort((a, b) => (a.code < b.code ? -1 : 1)),
      population: pop,
    };
  });
}
