import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { diffJson } from '../../../../../shared/core/scenario/index.ts';
import { type Draft, sameJson, validateDraft } from '../../core/draft.ts';
import { usePane } from '../context.tsx';
import { reapplyOnTop, saveDraft, takeTheirs } from '../library.ts';
import { DataTable, Muted, Row, Section } from '../parts.tsx';
import { useStore } from '../store.ts';

const show = (v: unknown) => {
  if (v === undefined) return '—';
  const t = typeof v === 'string' ? v : JSON.stringify(v);
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
};

export function ChangesTable({
  caption,
  changes,
  testId,
  mark,
}: {
  caption: string;
  changes: { path: string; before?: unknown; after?: unknown }[];
  testId?: string;
  mark?: ReadonlySet<string>;
}) {
  if (changes.length === 0) return <Muted>No changes.</Muted>;
  return (
    <DataTable caption={caption}>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody data-testid={testId}>
        {changes.map((c) => (
          <tr key={c.path}>
            <th scope="row">
              {c.path}
              {mark?.has(c.path) ? ' (changed by both)' : ''}
            </th>
            <td>{show(c.before)}</td>
            <td>{show(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/** Check and save: every problem by field (the service's own rules, run in the pane), the save itself, and when
 *  someone saved first, both sides' changes field by field with the choice to reapply mine on top. */
export function SaveSection({ draft }: { draft: Draft }) {
  const { services, store } = usePane();
  const base = useStore(store, (s) => s.base);
  const conflict = useStore(store, (s) => s.conflict);
  const [summary, setSummary] = useState('');
  const [saving, setSaving] = useState(false);
  const problems = useMemo(() => validateDraft(draft), [draft]);
  const dirty = !base || !sameJson(draft, base.scenario);

  const compare = useMemo(() => {
    if (!conflict || !base) return null;
    const mine = diffJson(base.scenario, conflict.mine).changes;
    const theirs = diffJson(base.scenario, conflict.theirs.scenario).changes;
    const theirPaths = new Set(theirs.map((c) => c.path));
    return { mine, theirs, both: new Set(mine.map((c) => c.path).filter((p) => theirPaths.has(p))) };
  }, [conflict, base]);

  const save = async () => {
    setSaving(true);
    await saveDraft(services, store, summary.trim());
    setSaving(false);
    if (!store.get().conflict) setSummary('');
  };

  return (
    <Section title="Check and save">
      {problems.length > 0 ? (
        <MessageBar intent="error" layout="multiline" data-testid="draft-problems">
          <MessageBarBody>
            <MessageBarTitle>{problems.length} problem(s) to fix before saving</MessageBarTitle>
            <ul>
              {problems.slice(0, 20).map((p) => (
                <li key={`${p.field}${p.message}`}>
                  <strong>{p.field || 'scenario'}</strong>: {p.message}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : (
        <Muted testId="draft-valid">The scenario passes every check the service makes.</Muted>
      )}
      <Row>
        <Field label="What changed (for the history)" size="small">
          <Input
            size="small"
            value={summary}
            onChange={(_, d) => setSummary(d.value)}
            placeholder="e.g. efficiency 2% → 3%"
          />
        </Field>
        <Button
          appearance="primary"
          size="small"
          disabled={problems.length > 0 || saving || !dirty || !!conflict}
          onClick={() => void save()}
        >
          {base ? `Save version ${base.version + 1}` : 'Save as a new scenario'}
        </Button>
      </Row>
      {!dirty && base && <Muted>No unsaved changes.</Muted>}
      {conflict && compare && (
        <section aria-label="Save conflict" data-testid="conflict">
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Someone saved first</MessageBarTitle>
              {conflict.theirs.author} saved version {conflict.theirs.version} at{' '}
              {new Date(conflict.theirs.savedAt).toLocaleString('en-GB')}, after you opened version{' '}
              {base?.version}. Nothing of yours is lost.
            </MessageBarBody>
          </MessageBar>
          <h4>Their changes (version {conflict.theirs.version})</h4>
          <ChangesTable
            caption="Their changes"
            changes={compare.theirs}
            testId="their-changes"
            mark={compare.both}
          />
          <h4>Your changes</h4>
          <ChangesTable
            caption="Your changes"
            changes={compare.mine}
            testId="my-changes"
            mark={compare.both}
          />
          {compare.both.size > 0 && <Muted>Where you both changed a field, reapplying keeps yours.</Muted>}
          <Row>
            <Button appearance="primary" size="small" onClick={() => reapplyOnTop(store)}>
              Reapply my changes on top of version {conflict.theirs.version}
            </Button>
            <Button size="small" onClick={() => takeTheirs(store)}>
              Discard mine, open version {conflict.theirs.version}
            </Button>
          </Row>
        </section>
      )}
    </Section>
  );
}
