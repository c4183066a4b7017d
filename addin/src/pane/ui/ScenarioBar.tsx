import { Badge, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect } from 'react';
import { sameJson } from '../core/draft.ts';
import { usePane } from './context.tsx';
import { useStore } from './store.ts';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    padding: '6px 0',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  row: { display: 'flex', gap: '6px', alignItems: 'center', flexWrap: 'wrap' },
  name: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

export const refOf = (b: { id: string; version: number }) => `${b.id}@${b.version}`;

/** The scenario in hand: its name, the saved version it came from, unsaved changes, and the workbook's pin with
 *  "newer version available". */
export function ScenarioBar() {
  const { services, store } = usePane();
  const s = useStyles();
  const draft = useStore(store, (x) => x.draft);
  const base = useStore(store, (x) => x.base);
  const origin = useStore(store, (x) => x.origin);
  const pin = useStore(store, (x) => x.pin);
  const newer = useStore(store, (x) => x.newerThanPin);
  const refreshCount = useStore(store, (x) => x.refreshCount);
  const dirty = !!draft && (!base || !sameJson(draft, base.scenario));

  // biome-ignore lint/correctness/useExhaustiveDependencies: Refresh (refreshCount) asks again
  useEffect(() => {
    if (!pin) return;
    let live = true;
    services.gateway
      .request((o) => services.client.scenarios.latestInfo(pin.id, o))
      .then((info) => {
        if (live) store.set({ newerThanPin: info.version > pin.version ? info.version : null });
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [pin, refreshCount, services, store]);

  return (
    <section className={s.bar} aria-label="Current scenario">
      {draft ? (
        <>
          <div className={s.row}>
            <Text className={s.name} data-testid="scenario-name">
              {draft.name}
            </Text>
            {dirty && (
              <Badge appearance="tint" color="warning" data-testid="unsaved">
                unsaved changes
              </Badge>
            )}
          </div>
          <Text className={s.muted} data-testid="scenario-origin">
            {base
              ? `${refOf(base)} · saved by ${base.author} · ${new Date(base.savedAt).toLocaleString('en-GB')}`
              : origin || 'new scenario, not saved yet'}
          </Text>
        </>
      ) : (
        <Text className={s.muted}>No scenario open: start one in Build, or open one from the Library.</Text>
      )}
      {pin && (
        <Text className={s.muted} data-testid="pin-status">
          Workbook pinned to {pin.name} v{pin.version}
          {newer ? ` · newer version ${newer} available (Library → Pin)` : ''}
        </Text>
      )}
    </section>
  );
}
