import { Field, Select } from '@fluentui/react-components';
import { useState } from 'react';
import { type SheetLayout, budgetSheet, settlementSheet, trajectorySheet } from '../../core/layout.ts';
import { refOf } from '../ScenarioBar.tsx';
import { usePane } from '../context.tsx';
import { messageOf } from '../errors.ts';
import { ExcelButton, Muted, Section, YearOptions } from '../parts.tsx';
import { useStore } from '../store.ts';

/** Write to workbook: the budget, trajectory and settlement laid out with PACS.* formulas on new sheets, all
 *  referring to the pinned version (or the version open in the pane), so the workbook keeps recalculating
 *  against the service. */
export function WorkbookView() {
  const { services, store } = usePane();
  const base = useStore(store, (s) => s.base);
  const pin = useStore(store, (s) => s.pin);
  const [year, setYear] = useState(1);
  const ref = pin ? refOf(pin) : base ? refOf(base) : null;
  const years = base?.scenario.contract.years ?? 5;
  const ns = services.namespace;

  const write = async (layout: SheetLayout) => {
    try {
      const sheet = await services.host.writeSheet(layout);
      store.set({
        notice: { intent: 'success', text: `Wrote sheet "${sheet}" with ${ns}.* formulas on ${ref}.` },
      });
    } catch (e) {
      store.set({ notice: { intent: 'error', text: messageOf(e) } });
    }
  };

  return (
    <Section title="Lay out tables with PACS formulas">
      {ref ? (
        <Muted testId="write-ref">
          Formulas will use {ref}
          {pin
            ? ' (the version pinned in this workbook)'
            : ' (the version open in the pane; pin it in the Library to keep it)'}
          . Each layout goes on a new sheet; nothing is overwritten.
        </Muted>
      ) : (
        <Muted>Save or open a scenario, or pin one, to write its tables.</Muted>
      )}
      <Field label="Contract year" size="small">
        <Select size="small" value={String(year)} onChange={(_, d) => setYear(Number(d.value))}>
          <YearOptions count={years} />
        </Select>
      </Field>
      <ExcelButton size="small" disabled={!ref} onClick={() => ref && void write(budgetSheet(ns, ref, year))}>
        Write the budget
      </ExcelButton>
      <ExcelButton size="small" disabled={!ref} onClick={() => ref && void write(trajectorySheet(ns, ref))}>
        Write the trajectory
      </ExcelButton>
      <ExcelButton
        size="small"
        disabled={!ref}
        onClick={() => ref && void write(settlementSheet(ns, ref, year))}
      >
        Write the settlement
      </ExcelButton>
    </Section>
  );
}
