import { Button, Field, MessageBar, MessageBarBody, Select, Spinner } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { ScenarioHead, VersionInfo } from '../../../../../shared/contract/wire/index.ts';
import type { ScenarioDiffBody } from '../../../client/index.ts';
import { ChangesTable } from '../build/SaveSection.tsx';
import { usePane } from '../context.tsx';
import { messageOf } from '../errors.ts';
import { openVersion } from '../library.ts';
import { DataTable, ExcelButton, Muted, Row, Section } from '../parts.tsx';
import { useStore } from '../store.ts';

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' });

/** The organisation's scenarios; the open scenario's history, a diff of any two versions, and the workbook pin. */
export function LibraryView() {
  const { services, store } = usePane();
  const base = useStore(store, (s) => s.base);
  const pin = useStore(store, (s) => s.pin);
  const newer = useStore(store, (s) => s.newerThanPin);
  const refreshCount = useStore(store, (s) => s.refreshCount);
  const [heads, setHeads] = useState<ScenarioHead[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [history, setHistory] = useState<VersionInfo[] | null>(null);
  const [from, setFrom] = useState(1);
  const [to, setTo] = useState(1);
  const [diff, setDiff] = useState<ScenarioDiffBody | null>(null);

  const loadList = useCallback(() => {
    setListError(null);
    services.gateway
      .request((o) => services.client.scenarios.listAll({}, o))
      .then(setHeads)
      .catch((e) => setListError(messageOf(e)));
  }, [services]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: Refresh reloads the list
  useEffect(loadList, [loadList, refreshCount, base?.version]);

  useEffect(() => {
    setDiff(null);
    if (!base) return setHistory(null);
    let live = true;
    services.gateway
      .request((o) => services.client.scenarios.history(base.id, { limit: 100 }, o))
      .then((h) => {
        if (!live) return;
        setHistory(h.items);
        setTo(h.items[0]?.version ?? 1);
        setFrom(h.items[1]?.version ?? h.items[0]?.version ?? 1);
      })
      .catch((e) => live && store.set({ notice: { intent: 'error', text: messageOf(e) } }));
    return () => {
      live = false;
    };
  }, [base, services, store]);

  const compare = async () => {
    if (!base) return;
    try {
      setDiff(await services.gateway.request((o) => services.client.scenarios.diff(base.id, from, to, o)));
    } catch (e) {
      store.set({ notice: { intent: 'error', text: messageOf(e) } });
    }
  };

  const pinVersion = async (version: number) => {
    if (!base) return;
    try {
      const next = { id: base.id, version, name: base.scenario.name };
      await services.host.setPin(next);
      store.set({
        pin: next,
        newerThanPin: null,
        notice: {
          intent: 'success',
          text: `Pinned ${base.id}@${version} in this workbook: its PACS formulas use that version.`,
        },
      });
    } catch (e) {
      store.set({ notice: { intent: 'error', text: messageOf(e) } });
    }
  };

  const versions = history?.map((h) => h.version) ?? [];
  return (
    <>
      <Section title="Your organisation's scenarios">
        <Button size="small" onClick={loadList}>
          Reload the list
        </Button>
        {listError && <Muted>{listError}</Muted>}
        {!heads && !listError && <Spinner size="tiny" label="Loading…" />}
        {heads && heads.length === 0 && <Muted>No saved scenarios yet: build one and save it.</Muted>}
        {heads && heads.length > 0 && (
          <DataTable caption="Saved scenarios">
            <thead>
              <tr>
                <th scope="col">Scenario</th>
                <th scope="col">Latest</th>
                <th scope="col">Saved</th>
                <th scope="col">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody data-testid="scenario-list">
              {heads.map((h) => (
                <tr key={h.id}>
                  <th scope="row">{h.name}</th>
                  <td>v{h.latest}</td>
                  <td>
                    {h.updatedBy}, {when(h.updatedAt)}
                  </td>
                  <td>
                    <Button
                      size="small"
                      aria-label={`Open ${h.name}`}
                      onClick={() => void openVersion(services, store, h.id, undefined)}
                    >
                      Open
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </Section>
      {base && history && (
        <Section title={`History of "${base.scenario.name}"`}>
          <DataTable caption="Versions, newest first">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Who, when</th>
                <th scope="col">What changed</th>
                <th scope="col">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody data-testid="history">
              {history.map((h) => (
                <tr key={h.version}>
                  <th scope="row">v{h.version}</th>
                  <td>
                    {h.author}, {when(h.createdAt)}
                  </td>
                  <td>{h.summary}</td>
                  <td>
                    <Button
                      size="small"
                      aria-label={`Open version ${h.version}`}
                      onClick={() => void openVersion(services, store, base.id, h.version)}
                    >
                      Open
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </Section>
      )}
      {base && history && history.length > 0 && (
        <Section title="Compare two versions">
          <Row>
            <VersionSelect
              label="From"
              versions={versions}
              value={from}
              onChange={setFrom}
              testId="diff-from"
            />
            <VersionSelect label="To" versions={versions} value={to} onChange={setTo} testId="diff-to" />
            <Button size="small" onClick={() => void compare()}>
              Compare
            </Button>
          </Row>
          {diff && (
            <>
              <Muted>
                v{diff.from} → v{diff.to}: {diff.changes.length}
                {diff.truncated ? '+' : ''} field(s) changed
              </Muted>
              <ChangesTable
                caption={`Changes from v${diff.from} to v${diff.to}`}
                changes={diff.changes}
                testId="diff"
              />
            </>
          )}
        </Section>
      )}
      <Section title="Pin a version in this workbook">
        <Muted>
          Pinned formulas always use one version, so the workbook reproduces the same figures until you move
          the pin.
        </Muted>
        {pin && newer && (
          <MessageBar intent="warning" layout="multiline" data-testid="newer-version">
            <MessageBarBody>
              Newer version available: {pin.name} v{newer} (the workbook uses v{pin.version}).
            </MessageBarBody>
          </MessageBar>
        )}
        {pin && newer && base?.id === pin.id && (
          <ExcelButton size="small" onClick={() => void pinVersion(newer)}>
            Move the pin to v{newer}
          </ExcelButton>
        )}
        {base ? (
          <ExcelButton
            size="small"
            onClick={() => void pinVersion(base.version)}
            disabled={pin?.id === base.id && pin.version === base.version}
          >
            Pin {base.scenario.name} v{base.version}
          </ExcelButton>
        ) : (
          <Muted>Open or save a scenario to pin one of its versions.</Muted>
        )}
      </Section>
    </>
  );
}

/** A choice of one of a scenario's versions. */
function VersionSelect(props: {
  label: string;
  versions: number[];
  value: number;
  onChange: (version: number) => void;
  testId: string;
}) {
  return (
    <Field label={props.label} size="small">
      <Select
        size="small"
        value={String(props.value)}
        onChange={(_, d) => props.onChange(Number(d.value))}
        data-testid={props.testId}
      >
        {props.versions.map((v) => (
          <option key={v} value={v}>
            v{v}
          </option>
        ))}
      </Select>
    </Field>
  );
}
