import { Field, MessageBar, MessageBarBody, MessageBarTitle, Select } from '@fluentui/react-components';
import { useState } from 'react';
import type { Draft } from '../../core/draft.ts';
import {
  type CellProblem,
  type Grid,
  type ImportResult,
  importBaselines,
  importPopulation,
  withPopulation,
} from '../../core/workbookImport.ts';
import { usePane } from '../context.tsx';
import { messageOf } from '../errors.ts';
import { ExcelButton, Muted, Row, Section } from '../parts.tsx';

type Kind = 'population' | 'baselines';

/** Applies an import to the draft. */
function apply(draft: Draft, kind: Kind, grid: Grid): ImportResult<Draft> {
  if (kind === 'population') {
    const r = importPopulation(grid, draft);
    if (!r.ok) return r;
    const next = withPopulation(draft, r.value);
    return { ok: true, notes: [...r.notes, ...next.notes], value: next.draft };
  }
  const r = importBaselines(grid, draft);
  if (!r.ok) return r;
  return {
    ok: true,
    notes: r.notes,
    value: {
      ...draft,
      serviceLines: draft.serviceLines.map((l) =>
        r.value[l.id] ? { ...l, baselinePppy: r.value[l.id]! } : l,
      ),
    },
  };
}

/** Population and baselines: what the draft holds, and reading them from the workbook (a selected range or an
 *  Excel table) with every refused cell named and selected in Excel. */
export function PopulationSection({ draft }: { draft: Draft }) {
  const { services, store } = usePane();
  const { host } = services;
  const [tables, setTables] = useState<string[] | null>(null);
  const [table, setTable] = useState('');
  const [problems, setProblems] = useState<CellProblem[] | null>(null);
  const [notes, setNotes] = useState<string[]>([]);

  const personYears = draft.population.practices.reduce(
    (a, p) => a + p.personYears.reduce((b, y) => b + y, 0),
    0,
  );

  const run = async (kind: Kind, source: 'selection' | 'table') => {
    setProblems(null);
    setNotes([]);
    try {
      const grid = source === 'selection' ? await host.readSelection() : await host.readTable(table);
      const r = apply(draft, kind, grid);
      if (!r.ok) {
        setProblems(r.problems);
        await host.selectCells(r.problems.map((p) => p.cell)).catch(() => {});
        return;
      }
      store.set({
        draft: r.value,
        notice: { intent: 'success', text: `Read ${kind} from ${grid.address}.` },
      });
      setNotes(r.notes);
    } catch (e) {
      store.set({ notice: { intent: 'error', text: messageOf(e) } });
    }
  };

  const loadTables = async () => {
    try {
      const t = await host.listTables();
      setTables(t);
      setTable(t[0] ?? '');
    } catch (e) {
      store.set({ notice: { intent: 'error', text: messageOf(e) } });
    }
  };

  return (
    <Section title="Population and baselines">
      <Muted testId="population-summary">
        {draft.population.practices.length} practices in {draft.population.neighbourhoods.length}{' '}
        neighbourhoods, {draft.population.segments.length} segments,{' '}
        {personYears.toLocaleString('en-GB', { maximumFractionDigits: 0 })} base-year person-years;{' '}
        {draft.serviceLines.length} service lines.
      </Muted>
      <Muted>
        Population: a header row "practice, name, neighbourhood, need index (optional)", then one column per
        segment id (person-years). Baselines: "line", then one column per segment id (GBP per person per
        year).
      </Muted>
      <Row>
        <ExcelButton size="small" onClick={() => void run('population', 'selection')}>
          Population from selection
        </ExcelButton>
        <ExcelButton size="small" onClick={() => void run('baselines', 'selection')}>
          Baselines from selection
        </ExcelButton>
      </Row>
      {host.kind === 'excel' && (
        <Row>
          {tables === null ? (
            <ExcelButton size="small" onClick={() => void loadTables()}>
              Use an Excel table…
            </ExcelButton>
          ) : (
            <>
              <Field label="Excel table" size="small">
                <Select size="small" value={table} onChange={(_, d) => setTable(d.value)}>
                  {tables.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </Select>
              </Field>
              <ExcelButton size="small" disabled={!table} onClick={() => void run('population', 'table')}>
                Population from table
              </ExcelButton>
              <ExcelButton size="small" disabled={!table} onClick={() => void run('baselines', 'table')}>
                Baselines from table
              </ExcelButton>
            </>
          )}
        </Row>
      )}
      {problems && (
        <MessageBar intent="error" layout="multiline" data-testid="import-problems">
          <MessageBarBody>
            <MessageBarTitle>Nothing was read: fix these cells (now selected in Excel)</MessageBarTitle>
            <ul>
              {problems.map((p) => (
                <li key={`${p.cell}${p.message}`}>
                  <strong>{p.cell}</strong>: {p.message}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {problems && (
        <ExcelButton size="small" onClick={() => void host.selectCells(problems.map((p) => p.cell))}>
          Select these cells again
        </ExcelButton>
      )}
      {notes.length > 0 && <Muted testId="import-notes">{notes.join('; ')}</Muted>}
    </Section>
  );
}
