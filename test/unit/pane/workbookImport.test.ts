// Reading a population and baselines from workbook cells: every refused cell is named as Excel names it, with
// the reason; nothing is half-applied.
import { describe, expect, it } from 'vitest';
import {
  importBaselines,
  importPopulation,
  withPopulation,
} from '../../../addin/src/pane/core/workbookImport.ts';
import { parseScenario } from '../../../shared/core/scenario/index.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';

const draft = parseScenario(tinyScenario());

describe('population from cells', () => {
  it('reads practices, neighbourhoods and person-years by segment, in any column order', () => {
    const r = importPopulation(
      {
        address: "'Practice list'!B2:G4",
        values: [
          ['Practice', 'Name', 'over65', 'Neighbourhood', 'under65', 'Need index'],
          ['pA', 'Practice A', 250, 'n1', '1,100', 1.1],
          ['pC', '', 90, 'n3', 800, ''],
        ],
      },
      draft,
    );
    expect(r).toEqual({
      ok: true,
      notes: ['2 practices, 2,240 person-years', 'new neighbourhoods named by their id: n3'],
      value: {
        practices: [
          { id: 'pA', name: 'Practice A', neighbourhood: 'n1', personYears: [1100, 250], needIndex: 1.1 },
          { id: 'pC', name: 'pC', neighbourhood: 'n3', personYears: [800, 90] },
        ],
        neighbourhoods: [
          { id: 'n1', name: 'North' },
          { id: 'n3', name: 'n3' },
        ],
      },
    });
  });

  it('names every bad cell with its reason', () => {
    const r = importPopulation(
      {
        address: 'Pop!C5:G9',
        values: [
          ['practice', 'neighbourhood', 'under65', 'over65', null],
          ['pA', 'n1', 'abc', -3, null],
          ['pA', 'n 2', null, '#N/A', null],
          ['', '', '', '', ''],
          ['pD', 'n1', true, 4, null],
        ],
      },
      draft,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { cell: 'Pop!E6', message: 'person-years for under65 is "abc", not a number' },
      { cell: 'Pop!F6', message: 'person-years for over65 must not be negative (-3)' },
      { cell: 'Pop!C7', message: 'practice pA appears twice (also row 6)' },
      { cell: 'Pop!D7', message: 'neighbourhood: use letters, digits and _ . : - only' },
      { cell: 'Pop!E7', message: 'person-years for under65 is empty (enter 0 if there is none)' },
      { cell: 'Pop!F7', message: 'person-years for over65 is the error #N/A' },
      { cell: 'Pop!E9', message: 'person-years for under65 is TRUE, not a number' },
    ]);
  });

  it('refuses a header without the required columns or a segment of the scenario, at the header cells', () => {
    const r = importPopulation(
      {
        address: 'S!A1:C2',
        values: [
          ['practice', 'under65', 'age band'],
          ['pA', 1, 2],
        ],
      },
      draft,
    );
    expect(r.ok === false && r.problems).toEqual([
      { cell: 'S!C1', message: '"age band" is neither a known column nor a segment of the scenario' },
      { cell: 'S!A1', message: 'the header row has no "neighbourhood" column' },
      { cell: 'S!D1', message: 'no column for 1 segment(s) of the scenario: over65' },
    ]);
  });

  it('drops what named practices no longer in the population, and says so', () => {
    const withIndex = parseScenario(
      tinyScenario({
        serviceLines: tinyScenario().serviceLines!.map((l) =>
          l.id === 'gp' ? { ...l, practiceCostIndex: { pA: 1.1, pB: 0.9 } } : l,
        ),
        population: {
          ...tinyScenario().population,
          exclusions: [{ reason: 'out of area', practice: 'pB', personYears: 5 }],
        },
      }),
    );
    const r = withPopulation(withIndex, {
      practices: [{ id: 'pA', name: 'A', neighbourhood: 'n1', personYears: [1, 2], needIndex: 1 }],
      neighbourhoods: [{ id: 'n1', name: 'North' }],
    });
    expect(r.draft.serviceLines[0]!.practiceCostIndex).toEqual({ pA: 1.1 });
    expect(r.draft.population.exclusions).toEqual([]);
    expect(r.notes).toEqual([
      '1 practice cost index entries for practices no longer listed were dropped',
      '1 exclusion(s) of practices no longer listed were dropped',
    ]);
  });
});

describe('baselines from cells', () => {
  it('reads GBP per person per year by line and segment; other lines keep theirs', () => {
    const r = importBaselines(
      {
        address: 'B!A1:C2',
        values: [
          ['Service line', 'over65', 'under65'],
          ['acute', 2100, 420.5],
        ],
      },
      draft,
    );
    expect(r).toEqual({
      ok: true,
      value: { acute: [420.5, 2100] },
      notes: ['lines not in the block keep their baselines: gp, spec'],
    });
  });

  it('names an unknown line and a bad amount', () => {
    const r = importBaselines(
      {
        address: 'B!A1:C3',
        values: [
          ['line', 'under65', 'over65'],
          ['dental', 1, 2],
          ['gp', 'x', 5],
        ],
      },
      draft,
    );
    expect(r.ok === false && r.problems).toEqual([
      { cell: 'B!A2', message: '"dental" is not a service line of the scenario (gp, acute, spec)' },
      { cell: 'B!B3', message: 'GBP per person per year for under65 is "x", not a number' },
    ]);
  });
});
