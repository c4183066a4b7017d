import { type Block, cellOf, parseBlock, quoteSheet } from './a1.ts';
import type { Draft } from './draft.ts';

/** A block of cells read from the workbook: a selected range or an Excel table with its header row. */
export interface Grid {
  /** Where the block starts, e.g. `Practices!A1:F17` (Excel's range.address). */
  address: string;
  values: readonly (readonly unknown[])[];
}

/** A cell the import refused, named the way Excel names it, so the pane can list and select it. */
export interface CellProblem {
  /** `Sheet!D7`. */
  cell: string;
  message: string;
}

export type ImportResult<T> =
  | { ok: true; value: T; notes: string[] }
  | { ok: false; problems: CellProblem[] };

const MAX_PROBLEMS = 100;
const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

type Practice = Draft['population']['practices'][number];
type Neighbourhood = Draft['population']['neighbourhoods'][number];

export interface PopulationImport {
  practices: Practice[];
  neighbourhoods: Neighbourhood[];
}

/** Collects problems with their cells; stops listing after MAX_PROBLEMS (the count says how many more). */
class Problems {
  readonly list: CellProblem[] = [];
  private extra = 0;
  constructor(private readonly block: Block) {}
  at(row: number, col: number, message: string): void {
    if (this.list.length >= MAX_PROBLEMS) {
      this.extra++;
      return;
    }
    this.list.push({ cell: `${quoteSheet(this.block.sheet)}!${cellOf(this.block, row, col)}`, message });
  }
  result<T>(value: () => T, notes: string[] = []): ImportResult<T> {
    if (this.list.length === 0) return { ok: true, value: value(), notes };
    if (this.extra > 0)
      this.list.push({ cell: this.list.at(-1)!.cell, message: `and ${this.extra} more problems` });
    return { ok: false, problems: this.list };
  }
}

const norm = (v: unknown) =>
  String(v ?? '')
    .trim()
    .toLowerCase();
const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** A number from a cell: numbers as they are, numbers stored as text (with thousands separators) converted;
 *  anything else is refused with the reason. */
function numberIn(v: unknown): number | string {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 'is not a finite number';
  if (typeof v === 'boolean') return `is ${v ? 'TRUE' : 'FALSE'}, not a number`;
  if (blank(v)) return 'is empty (enter 0 if there is none)';
  const text = String(v).trim();
  if (text.startsWith('#')) return `is the error ${text}`;
  const n = Number(text.replace(/,/g, ''));
  return Number.isFinite(n) ? n : `is "${text}", not a number`;
}

/** Finds the header's named columns and the segment columns; problems name the header cells. */
function readHeader(
  grid: Grid,
  p: Problems,
  named: Record<string, readonly string[]>,
  required: readonly string[],
  segments: readonly string[],
): { cols: Record<string, number>; segmentCols: number[] } | null {
  const header = grid.values[0] ?? [];
  const cols: Record<string, number> = {};
  const segmentCols: number[] = new Array(segments.length).fill(-1);
  const segmentIndex = new Map(segments.map((s, i) => [s.toLowerCase(), i]));
  header.forEach((h, c) => {
    const name = norm(h);
    const role = Object.entries(named).find(([, aliases]) => aliases.includes(name))?.[0];
    if (role) {
      cols[role] = c;
      return;
    }
    const s = segmentIndex.get(name);
    if (s !== undefined) {
      if (segmentCols[s] !== -1) p.at(0, c, `segment ${segments[s]} has two columns`);
      segmentCols[s] = c;
      return;
    }
    if (!blank(h)) p.at(0, c, `"${String(h)}" is neither a known column nor a segment of the scenario`);
  });
  for (const r of required)
    if (cols[r] === undefined) p.at(0, 0, `the header row has no "${named[r]![0]}" column`);
  const missing = segments.filter((_, i) => segmentCols[i] === -1);
  if (missing.length > 0)
    p.at(
      0,
      header.length,
      `no column for ${missing.length} segment(s) of the scenario: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`,
    );
  return p.list.length > 0 ? null : { cols, segmentCols };
}

const POPULATION_COLUMNS = {
  practice: ['practice', 'practice code', 'practice id'],
  name: ['name', 'practice name'],
  neighbourhood: ['neighbourhood', 'neighbourhood id'],
  needIndex: ['need index', 'needindex', 'relative need index'],
} as const;

/** Practices and their base-year person-years by segment, from a block whose header row is `practice`, `name`,
 *  `neighbourhood`, optionally `need index`, then one column per segment id of the scenario. */
export function importPopulation(grid: Grid, draft: Draft): ImportResult<PopulationImport> {
  const block = parseBlock(grid.address);
  const p = new Problems(block);
  const segments = draft.population.segments.map((s) => s.id);
  if (grid.values.length < 2) {
    p.at(0, 0, 'select a header row and at least one practice row');
    return p.result(() => ({ practices: [], neighbourhoods: [] }));
  }
  const header = readHeader(grid, p, POPULATION_COLUMNS, ['practice', 'neighbourhood'], segments);
  if (!header) return p.result(() => ({ practices: [], neighbourhoods: [] }));
  const { cols, segmentCols } = header;
  const practices: Practice[] = [];
  const seen = new Map<string, number>();
  grid.values.slice(1).forEach((row, i) => {
    const r = i + 1;
    if (row.every(blank)) return;
    const id = String(row[cols.practice!] ?? '').trim();
    if (!ID.test(id)) p.at(r, cols.practice!, 'practice code: use letters, digits and _ . : - only');
    else if (seen.has(id)) p.at(r, cols.practice!, `practice ${id} appears twice (also row ${seen.get(id)})`);
    seen.set(id, block.top.row + r + 1);
    const neighbourhood = String(row[cols.neighbourhood!] ?? '').trim();
    if (!ID.test(neighbourhood))
      p.at(r, cols.neighbourhood!, 'neighbourhood: use letters, digits and _ . : - only');
    const personYears = segmentCols.map((c, s) => {
      const n = numberIn(row[c]);
      if (typeof n === 'string') p.at(r, c, `person-years for ${segments[s]} ${n}`);
      else if (n < 0) p.at(r, c, `person-years for ${segments[s]} must not be negative (${n})`);
      return typeof n === 'number' ? n : 0;
    });
    let needIndex: number | undefined;
    if (cols.needIndex !== undefined && !blank(row[cols.needIndex])) {
      const n = numberIn(row[cols.needIndex]);
      if (typeof n === 'string' || n <= 0)
        p.at(r, cols.needIndex, `need index must be a positive number (${typeof n === 'string' ? n : n})`);
      else needIndex = n;
    }
    const name = cols.name === undefined ? '' : String(row[cols.name] ?? '').trim();
    practices.push({
      id,
      name: name || id,
      neighbourhood,
      personYears,
      ...(needIndex === undefined ? {} : { needIndex }),
    });
  });
  if (p.list.length > 0) return p.result(() => ({ practices: [], neighbourhoods: [] }));
  const known = new Map(draft.population.neighbourhoods.map((n) => [n.id, n]));
  const neighbourhoods = [...new Set(practices.map((x) => x.neighbourhood))].map(
    (id) => known.get(id) ?? { id, name: id },
  );
  const added = neighbourhoods.filter((n) => !known.has(n.id)).map((n) => n.id);
  const personYears = practices.reduce((a, x) => a + x.personYears.reduce((b, y) => b + y, 0), 0);
  const notes = [
    `${practices.length} practices, ${personYears.toLocaleString('en-GB', { maximumFractionDigits: 0 })} person-years`,
    ...(added.length ? [`new neighbourhoods named by their id: ${added.join(', ')}`] : []),
  ];
  return { ok: true, value: { practices, neighbourhoods }, notes };
}

const BASELINE_COLUMNS = { line: ['line', 'service line', 'line id'] } as const;

/** Base-year GBP per person per year by segment for service lines of the scenario, from a block whose header row
 *  is `line` then one column per segment id. Lines not in the block keep their baselines. */
export function importBaselines(grid: Grid, draft: Draft): ImportResult<Record<string, number[]>> {
  const block = parseBlock(grid.address);
  const p = new Problems(block);
  const segments = draft.population.segments.map((s) => s.id);
  if (grid.values.length < 2) {
    p.at(0, 0, 'select a header row and at least one service line row');
    return p.result(() => ({}));
  }
  const header = readHeader(grid, p, BASELINE_COLUMNS, ['line'], segments);
  if (!header) return p.result(() => ({}));
  const lines = new Set(draft.serviceLines.map((l) => l.id));
  const out: Record<string, number[]> = {};
  grid.values.slice(1).forEach((row, i) => {
    const r = i + 1;
    if (row.every(blank)) return;
    const id = String(row[header.cols.line!] ?? '').trim();
    if (!lines.has(id))
      p.at(r, header.cols.line!, `"${id}" is not a service line of the scenario (${[...lines].join(', ')})`);
    else if (out[id]) p.at(r, header.cols.line!, `line ${id} appears twice`);
    out[id] = header.segmentCols.map((c, s) => {
      const n = numberIn(row[c]);
      if (typeof n === 'string') p.at(r, c, `GBP per person per year for ${segments[s]} ${n}`);
      else if (n < 0) p.at(r, c, `GBP per person per year for ${segments[s]} must not be negative (${n})`);
      return typeof n === 'number' ? n : 0;
    });
  });
  const untouched = [...lines].filter((l) => !out[l]);
  return p.result(
    () => out,
    untouched.length ? [`lines not in the block keep their baselines: ${untouched.join(', ')}`] : [],
  );
}

/** The draft with an imported population. Whatever else in the scenario names a practice that is no longer in
 *  it (a line's practice cost index, an exclusion, a practice's risk scores) is dropped, and the notes say so:
 *  otherwise the scenario would refer to practices it no longer has. */
export function withPopulation(draft: Draft, imported: PopulationImport): { draft: Draft; notes: string[] } {
  const kept = new Set(imported.practices.map((p) => p.id));
  const notes: string[] = [];
  let droppedIndices = 0;
  const serviceLines = draft.serviceLines.map((l) => {
    if (!l.practiceCostIndex) return l;
    const entries = Object.entries(l.practiceCostIndex);
    const index = Object.fromEntries(entries.filter(([id]) => kept.has(id)));
    droppedIndices += entries.length - Object.keys(index).length;
    const { practiceCostIndex: _drop, ...rest } = l;
    return Object.keys(index).length > 0 ? { ...rest, practiceCostIndex: index } : rest;
  });
  if (droppedIndices > 0)
    notes.push(`${droppedIndices} practice cost index entries for practices no longer listed were dropped`);
  const exclusions = draft.population.exclusions.filter((e) => !e.practice || kept.has(e.practice));
  if (exclusions.length < draft.population.exclusions.length)
    notes.push(
      `${draft.population.exclusions.length - exclusions.length} exclusion(s) of practices no longer listed were dropped`,
    );
  let need = draft.need;
  if (need.method === 'risk_score') {
    const practices = need.practices.filter((p) => kept.has(p.practice));
    if (practices.length < need.practices.length)
      notes.push(
        `risk scores of ${need.practices.length - practices.length} practice(s) no longer listed were dropped`,
      );
    need = { ...need, practices };
  }
  return {
    draft: {
      ...draft,
      serviceLines,
      need,
      population: {
        ...draft.population,
        practices: imported.practices,
        neighbourhoods: imported.neighbourhoods,
        exclusions,
      },
    },
    notes,
  };
}
