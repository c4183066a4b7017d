import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantileFromSurvival } from '../../shared/core/simulation/index.ts';
import { readPracticeRows, readSpendTable } from '../exampleData/readData.ts';
import {
  CLASSES,
  DEFAULT_PARAMETERS,
  LINE_SETTINGS,
  type LatentClass,
  type SynthParameters,
} from './parameters.ts';
import {
  type Cell,
  LINES,
  OPEN_AGE,
  OPEN_AGE_SPAN,
  bandOf,
  buildCells,
  classProbabilities,
  icbPractices,
  practiceCellWeights,
  unitDistributions,
  yearWeights,
} from './model.ts';
import { Random, cumulative } from './random.ts';
import { CsvSinks, toParquet } from './sinks.ts';

/* Writes a seeded synthetic extract (people and activity files) and truth.json, the generating parameters and the
 * latent structure every expected figure of a test is derived from. Same options and seed: same files. */

export interface SynthOptions {
  icb: string;
  people: number;
  seed: number;
  /** Financial years, ascending ("2023/24"); the last is the base year (ages are as at its start). */
  years: readonly string[];
  out: string;
  format: 'csv' | 'parquet';
  bom: boolean;
  /** Activity files: one per calendar month, one per financial year, or one. */
  split: 'month' | 'year' | 'none';
  peopleFiles: number;
  /** Rows of each kind of bad input to add (0: a clean extract). */
  bad: number;
  /** Target number of activity rows (scales contacts per episode); default: the parameters as they are. */
  rows?: number;
  parameters?: SynthParameters;
}

export interface Truth {
  seed: number;
  icb: string;
  years: string[];
  parameters: SynthParameters;
  lines: string[];
  lineCategories: Record<string, string>;
  contactScale: number;
  cells: Cell[];
  practices: { code: string; effect: number; needIndex: number; people: number }[];
  /** Per year: [cell, class (0 A, 1 B, 2 C), practice, people] for every accepted person in the year. */
  components: Record<string, [number, number, number, number][]>;
  injected: { people: Record<string, number>; activity: Record<string, number> };
  rows: { people: number; activity: number };
  files: string[];
}

const PEOPLE_HEADER = 'person_id,practice_code,age,sex,imd_quintile,ltc_count';
const ACTIVITY_HEADER = 'person_id,activity_date,setting,cost,urgent';

const personId = (i: number) =>
  `S${(Math.imul(i + 1, 0x9e3779b1) >>> 0).toString(36).padStart(7, '0')}${(i % 36).toString(36)}`;

function fyDates(label: string): string[] {
  const start = Number(label.slice(0, 4));
  const out: string[] = [];
  for (let d = Date.UTC(start, 3, 1); d <= Date.UTC(start + 1, 2, 31); d += 86_400_000)
    out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

export async function generateExtract(o: SynthOptions): Promise<Truth> {
  const p = o.parameters ?? DEFAULT_PARAMETERS;
  const spendCells = readSpendTable();
  const cells = buildCells(spendCells, p);
  const cellIndex = new Map(cells.map((c, i) => [`${c.band}|${c.sex}|${c.imd}`, i]));
  const practiceDraws = new Random(o.seed, 1);
  const practices = icbPractices(readPracticeRows(), o.icb, p, () => practiceDraws.normal());
  const units = unitDistributions(p);

  // People per practice in proportion to list size (largest remainder).
  const totalList = practices.reduce((a, x) => a + x.listSize, 0);
  const exact = practices.map((x) => (o.people * x.listSize) / totalList);
  const counts = exact.map(Math.floor);
  exact
    .map((v, i) => ({ i, r: v - Math.floor(v) }))
    .sort((a, b) => b.r - a.r || a.i - b.i)
    .slice(0, o.people - counts.reduce((a, v) => a + v, 0))
    .forEach(({ i }) => {
      counts[i]! += 1;
    });

  interface Person {
    id: string;
    practice: number;
    age: number;
    sex: 'F' | 'M';
    imd: number;
    /** Persistent rank: the class in a year is the one this rank falls in for the age band that year, so people
     *  move from A to B to C as they age and each band's class mix is the same every year. */
    rank: number;
    /** Class in the base year (its LTC count is the extract's). */
    cls: LatentClass;
    ltc: number;
  }
  const classOf = (rank: number, age: number): LatentClass => {
    const probs = classProbabilities(p, bandOf(age));
    return rank < probs.A ? 'A' : rank < probs.A + probs.B ? 'B' : 'C';
  };
  const rng = new Random(o.seed, 2);
  const people: Person[] = [];
  practices.forEach((practice, pi) => {
    const cum = cumulative(practiceCellWeights(spendCells, practice, p));
    for (let k = 0; k < counts[pi]!; k++) {
      const c = spendCells[rng.pick(cum)]!;
      const age = c.age === OPEN_AGE ? OPEN_AGE + Math.floor(rng.uniform() * OPEN_AGE_SPAN) : c.age;
      const rank = rng.uniform();
      const cls = classOf(rank, age);
      const [lo, hi] = p.ltc[cls];
      people.push({
        id: personId(people.length),
        practice: pi,
        age,
        sex: c.sex,
        imd: c.imd,
        rank,
        cls,
        ltc: lo + Math.floor(rng.uniform() * (hi - lo + 1)),
      });
    }
  });

  // Bad input: the first `bad` people are duplicated (every copy rejected, with all their activity).
  const duplicated = new Set(people.slice(0, o.bad).map((x) => x.id));

  // Contacts per episode: 1 + Poisson(scale x extraContacts[setting]); the scale meets a target row count.
  const baseYearIndex = o.years.length - 1;
  let contactScale = 1;
  if (o.rows !== undefined) {
    let episodes = 0;
    let extra = 0;
    for (const person of people)
      for (let y = 0; y < o.years.length; y++) {
        const age = person.age + (y - baseYearIndex);
        if (age < 0) continue;
        const cell = cells[cellIndex.get(`${bandOf(age)}|${person.sex}|${person.imd}`)!]!;
        const cls = classOf(person.rank, age);
        const k = p.episodes[cls] * (1 - p.zeroProb[cls]);
        const shares = cell.shares[cls];
        episodes += k;
        extra += k * shares.reduce((a, s, l) => a + s * meanExtra(LINES[l]!, cls, p), 0);
      }
    contactScale = Math.max(0, (o.rows - episodes) / extra);
  }

  rmSync(o.out, { recursive: true, force: true });
  mkdirSync(o.out, { recursive: true });
  const activitySinks = new CsvSinks(o.out, ACTIVITY_HEADER, o.bom);
  const components: Truth['components'] = {};
  const injectedActivity: Record<string, number> = { person_rejected: 0 };
  let activityRows = 0;
  const emit = (file: string, line: string) => {
    activitySinks.write(file, line);
    activityRows++;
  };
  const arng = new Random(o.seed, 3);

  o.years.forEach((label, y) => {
    const t = y - baseYearIndex;
    const dates = fyDates(label);
    const comp = new Map<string, number>();
    for (const person of people) {
      const age = person.age + t;
      if (age < 0) continue;
      const ci = cellIndex.get(`${bandOf(age)}|${person.sex}|${person.imd}`)!;
      const cell = cells[ci]!;
      const cls = classOf(person.rank, age);
      const rejected = duplicated.has(person.id);
      if (!rejected) {
        const key = `${ci}|${CLASSES.indexOf(cls)}|${person.practice}`;
        comp.set(key, (comp.get(key) ?? 0) + 1);
      }
      const unit = units[cls];
      const v = arng.uniform();
      if (v < unit.zeroProb) continue;
      const x = quantileFromSurvival(unit, 1 - v, false);
      const { weights, total } = yearWeights(cell, cls, t, p);
      const cost = cell.classMean[cls] * practices[person.practice]!.effect * total * x;
      const lineCum = cumulative(weights);
      const episodes = arng.split(p.episodes[cls]);
      for (const share of episodes) {
        const line = LINES[arng.pick(lineCum)]!;
        const setting = LINE_SETTINGS[line]!;
        const n = 1 + arng.poisson(contactScale * meanExtra(line, cls, p));
        const parts = arng.split(n);
        for (const part of parts) {
          const code =
            setting.settings.length === 1 || cls === 'A'
              ? setting.settings[0]!
              : arng.uniform() < p.followUpShare
                ? setting.settings[1]!
                : setting.settings[0]!;
          const date = dates[Math.floor(arng.uniform() * dates.length)]!;
          const amount = (Math.round(cost * share * part * 100) / 100).toFixed(2);
          emit(
            fileFor(o.split, date, label),
            `${person.id},${date},${code},${amount},${setting.urgent ? 'Y' : ''}`,
          );
          if (rejected) injectedActivity.person_rejected! += 1;
        }
      }
    }
    components[label] = [...comp.entries()].map(([k, n]) => {
      const [c, cls, pr] = k.split('|').map(Number) as [number, number, number];
      return [c, cls, pr, n];
    });
  });

  // Bad activity rows: negative cost, unmapped setting, unknown person (dated in the base year).
  const base = o.years[baseYearIndex]!;
  const baseDates = fyDates(base);
  const valid = people.filter((x) => !duplicated.has(x.id));
  for (let i = 0; i < o.bad; i++) {
    const someone = valid[(i * 7919) % valid.length]!;
    const date = baseDates[(i * 31) % baseDates.length]!;
    emit(fileFor(o.split, date, base), `${someone.id},${date},GP,-12.50,`);
    emit(fileFor(o.split, date, base), `${someone.id},${date},XYZ${i % 3},40.00,`);
    emit(fileFor(o.split, date, base), `U${String(i).padStart(8, '0')}x,${date},GP,40.00,`);
  }
  const activityFiles = activitySinks.close();

  // People files (round robin), with the bad rows.
  const peopleSinks = new CsvSinks(o.out, PEOPLE_HEADER, o.bom);
  const peopleFile = (i: number) =>
    o.peopleFiles <= 1 ? 'people.csv' : `people-${(i % o.peopleFiles) + 1}.csv`;
  let peopleRows = 0;
  const writePerson = (i: number, line: string) => {
    peopleSinks.write(peopleFile(i), line);
    peopleRows++;
  };
  people.forEach((x, i) =>
    writePerson(i, `${x.id},${practices[x.practice]!.code},${x.age},${x.sex},${x.imd},${x.ltc}`),
  );
  people
    .slice(0, o.bad)
    .forEach((x, i) =>
      writePerson(i + 1, `${x.id},${practices[x.practice]!.code},${x.age},${x.sex},${x.imd},${x.ltc}`),
    );
  for (let i = 0; i < o.bad; i++) {
    writePerson(i, `${personId(o.people + i)},Z9999${i % 10},40,F,3,0`);
    writePerson(i, `${personId(o.people + o.bad + i)},${practices[0]!.code},,M,2,0`);
  }
  const peopleFiles = peopleSinks.close();

  let files = [...peopleFiles, ...activityFiles];
  if (o.format === 'parquet') {
    const people = await toParquet(peopleFiles, {
      person_id: 'VARCHAR',
      practice_code: 'VARCHAR',
      age: 'INTEGER',
      sex: 'VARCHAR',
      imd_quintile: 'INTEGER',
      ltc_count: 'INTEGER',
    });
    const activity = await toParquet(activityFiles, {
      person_id: 'VARCHAR',
      activity_date: 'DATE',
      setting: 'VARCHAR',
      cost: 'DOUBLE',
      urgent: 'VARCHAR',
    });
    files = [...people, ...activity];
  }

  const truth: Truth = {
    seed: o.seed,
    icb: o.icb,
    years: [...o.years],
    parameters: p,
    lines: LINES,
    lineCategories: Object.fromEntries(LINES.map((l) => [l, LINE_SETTINGS[l]!.category])),
    contactScale,
    cells,
    practices: practices.map((x, i) => ({
      code: x.code,
      effect: x.effect,
      needIndex: x.needIndex,
      people: counts[i]!,
    })),
    components,
    injected: {
      people: o.bad > 0 ? { duplicate_person: 2 * o.bad, unknown_practice: o.bad, missing_age: o.bad } : {},
      activity:
        o.bad > 0
          ? {
              negative_cost: o.bad,
              unmapped_setting: o.bad,
              unknown_person: o.bad,
              person_rejected: injectedActivity.person_rejected!,
            }
          : {},
    },
    rows: { people: peopleRows, activity: activityRows },
    files: files.map((f) => f.slice(o.out.length + 1)),
  };
  writeFileSync(join(o.out, 'truth.json'), `${JSON.stringify(truth)}\n`);
  return truth;
}

/** Mean extra contacts of an episode in a line (outpatients: a mix of first and follow-up contacts). */
function meanExtra(line: string, cls: LatentClass, p: SynthParameters): number {
  const s = LINE_SETTINGS[line]!.settings;
  if (s.length === 1 || cls === 'A') return p.extraContacts[s[0]!] ?? 0;
  return (
    (1 - p.followUpShare) * (p.extraContacts[s[0]!] ?? 0) + p.followUpShare * (p.extraContacts[s[1]!] ?? 0)
  );
}

function fileFor(split: SynthOptions['split'], date: string, label: string): string {
  if (split === 'month') return `activity-${date.slice(0, 7)}.csv`;
  if (split === 'year') return `activity-${label.replace('/', '-')}.csv`;
  return 'activity.csv';
}
