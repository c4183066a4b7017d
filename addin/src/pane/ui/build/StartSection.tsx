import { Button, Field, Input, Select } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ScenarioHead } from '../../../../../shared/contract/wire/index.ts';
import { toDraft } from '../../core/draft.ts';
import { usePane } from '../context.tsx';
import { messageOf } from '../errors.ts';
import { Muted, Row, Section, YearOptions } from '../parts.tsx';
import { useStore } from '../store.ts';
import { openVersion } from '../library.ts';

/** The example scenarios shipped beside the pane (built from real NHS data: examples/README.md). */
export const EXAMPLES = [
  { file: 'virtual-east-lindsey.json', label: 'Virtual: East Lindsey alliance' },
  { file: 'partially-integrated-south-somerset.json', label: 'Partially integrated: South Somerset' },
  { file: 'fully-integrated-tameside.json', label: 'Fully integrated: Tameside' },
];

/** Start from an example, from a saved scenario, or (with a scenario in hand) from the workbook's ranges. */
export function StartSection() {
  const { services, store } = usePane();
  const draft = useStore(store, (s) => s.draft);
  const [example, setExample] = useState(EXAMPLES[0]!.file);
  const [heads, setHeads] = useState<ScenarioHead[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const refreshCount = useStore(store, (s) => s.refreshCount);

  // biome-ignore lint/correctness/useExhaustiveDependencies: Refresh (refreshCount) asks again
  useEffect(() => {
    let live = true;
    services.gateway
      .request((o) => services.client.scenarios.listAll({}, o))
      .then((h) => {
        if (!live) return;
        setHeads(h);
        setChosen((c) => c || h[0]?.id || '');
      })
      .catch(() => live && setHeads(null));
    return () => {
      live = false;
    };
  }, [services, refreshCount]);

  const loadExample = async () => {
    setBusy(true);
    try {
      const res = await fetch(`examples/${example}`);
      if (!res.ok) throw new Error(`the example could not be loaded (HTTP ${res.status})`);
      const r = toDraft(await res.json());
      if ('problems' in r) throw new Error(`the example is not a valid scenario: ${r.problems[0]?.field}`);
      const label = EXAMPLES.find((e) => e.file === example)!.label;
      store.set({
        draft: r.draft,
        base: null,
        conflict: null,
        origin: `new, from the example "${label}", not saved yet`,
        notice: { intent: 'success', text: `Loaded the example "${label}". Change it below, then save it.` },
      });
    } catch (e) {
      store.set({ notice: { intent: 'error', text: messageOf(e) } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="Start">
      <Row>
        <Field label="From an example" size="small">
          <Select size="small" value={example} onChange={(_, d) => setExample(d.value)}>
            {EXAMPLES.map((e) => (
              <option key={e.file} value={e.file}>
                {e.label}
              </option>
            ))}
          </Select>
        </Field>
        <Button size="small" onClick={() => void loadExample()} disabled={busy}>
          Load example
        </Button>
      </Row>
      <Row>
        <Field label="From a saved scenario" size="small">
          <Select
            size="small"
            value={chosen}
            onChange={(_, d) => setChosen(d.value)}
            disabled={!heads || heads.length === 0}
          >
            {(heads ?? []).map((h) => (
              <option key={h.id} value={h.id}>
                {h.name} (v{h.latest})
              </option>
            ))}
          </Select>
        </Field>
        <Button
          size="small"
          disabled={!chosen || busy}
          onClick={() => void openVersion(services, store, chosen, undefined)}
        >
          Open
        </Button>
      </Row>
      {!heads && <Muted>Sign in to list your organisation's saved scenarios.</Muted>}
      <Muted>
        From the workbook: with a scenario in hand, read its population and baselines from selected ranges or
        Excel tables under "Population and baselines".
      </Muted>
      {draft && (
        <>
          <Field label="Scenario name" size="small">
            <Input
              size="small"
              value={draft.name}
              onChange={(_, d) => store.edit((x) => ({ ...x, name: d.value }))}
            />
          </Field>
          <Row>
            <Field label="Contract years" size="small">
              <Select
                size="small"
                value={String(draft.contract.years)}
                onChange={(_, d) =>
                  store.edit((x) => ({ ...x, contract: { ...x.contract, years: Number(d.value) } }))
                }
              >
                <YearOptions count={15} prefix="" />
              </Select>
            </Field>
            <Field label="Base year" size="small">
              <Input
                size="small"
                value={draft.contract.baseYear}
                onChange={(_, d) =>
                  store.edit((x) => ({ ...x, contract: { ...x.contract, baseYear: d.value } }))
                }
              />
            </Field>
          </Row>
        </>
      )}
    </Section>
  );
}
