import { Button, Field, Input, Switch, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SignInState } from '../../auth/index.ts';
import type { GatewayStatus } from '../../gateway/index.ts';
import { usePane } from './context.tsx';
import { messageOf } from './errors.ts';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
    padding: '10px 0 6px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  row: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  grow: { flexGrow: 1 },
  form: { display: 'flex', gap: '6px', alignItems: 'flex-end', flexWrap: 'wrap' },
  small: { width: '96px' },
  status: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

function useSignIn(): SignInState {
  const { tokens: source } = usePane().services;
  return useSyncExternalStore(
    (l) => source.subscribe(l),
    () => source.state(),
  );
}

function useGatewayStatus(): GatewayStatus {
  const { gateway } = usePane().services;
  const [status, setStatus] = useState(() => gateway.status());
  useEffect(() => gateway.subscribe(setStatus), [gateway]);
  return status;
}

/** After the next render and its effects (a frame, or a short timer where frames are throttled). */
const afterRender = () =>
  new Promise<void>((resolve) => {
    const done = () => setTimeout(resolve, 0);
    requestAnimationFrame(done);
    setTimeout(done, 100);
  });

const remembered = (key: string, fallback: string) => {
  try {
    return localStorage.getItem(`pacs.${key}`) ?? fallback;
  } catch {
    return fallback;
  }
};

/** Sign-in state, Refresh, and the calculation mode switch: the controls the PACS.* functions share. */
export function Header() {
  const { services, store } = usePane();
  const s = useStyles();
  const signIn = useSignIn();
  const status = useGatewayStatus();
  const [org, setOrg] = useState(() => remembered('org', ''));
  const [user, setUser] = useState(() => remembered('user', ''));
  const [error, setError] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);

  const doSignIn = async () => {
    setError(null);
    try {
      await services.tokens.signIn(services.tokens.kind === 'development' ? { org, user } : {});
      localStorage.setItem('pacs.org', org);
      localStorage.setItem('pacs.user', user);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const refresh = async () => {
    setRefreshing(true);
    let cells = 0;
    try {
      await services.gateway.refresh(async () => {
        // While the refresh is open (even in manual mode) the pane's views ask again too: bump them, let React
        // render and run their effects, so the gateway's idle() waits for their calls as well as the cells'.
        store.set({ refreshCount: store.get().refreshCount + 1 });
        await afterRender();
        cells = await services.host.recalculatePacsCells(services.namespace);
      });
      store.set({
        notice: {
          intent: 'success',
          text:
            services.host.kind === 'excel'
              ? `Refreshed: ${cells} PACS cell(s) recalculated against the service.`
              : 'Refreshed: cached results cleared; figures in the pane reload from the service.',
        },
      });
    } catch (e) {
      store.set({ notice: { intent: 'error', text: messageOf(e) } });
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <header className={s.header}>
      <h1 className={s.title}>PACS Capitation</h1>
      {signIn.status === 'signed_in' ? (
        <div className={s.row}>
          <Text className={s.grow} data-testid="signed-in">
            Signed in as {signIn.name}
            {signIn.org ? ` (${signIn.org})` : ''}
          </Text>
          <Button size="small" onClick={() => void services.tokens.signOut()}>
            Sign out
          </Button>
        </div>
      ) : (
        <form
          className={s.form}
          aria-label="Sign in"
          onSubmit={(e) => {
            e.preventDefault();
            void doSignIn();
          }}
        >
          {services.tokens.kind === 'development' && (
            <>
              <Field label="Organisation" size="small">
                <Input
                  className={s.small}
                  size="small"
                  value={org}
                  onChange={(_, d) => setOrg(d.value.toUpperCase())}
                  placeholder="ODS code"
                />
              </Field>
              <Field label="User" size="small">
                <Input className={s.small} size="small" value={user} onChange={(_, d) => setUser(d.value)} />
              </Field>
            </>
          )}
          <Button size="small" appearance="primary" type="submit" disabled={signIn.status === 'signing_in'}>
            {signIn.status === 'signing_in' ? 'Signing in…' : 'Sign in'}
          </Button>
          <Text className={s.status} role={error ? 'alert' : undefined}>
            {error ?? (signIn.status === 'signed_out' ? `Not signed in: ${signIn.reason}.` : '')}
          </Text>
        </form>
      )}
      <div className={s.row}>
        <Button size="small" onClick={() => void refresh()} disabled={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </Button>
        <Switch
          label={status.mode === 'automatic' ? 'Automatic calculation' : 'Manual calculation'}
          checked={status.mode === 'automatic'}
          onChange={(_, d) => services.gateway.setMode(d.checked ? 'automatic' : 'manual')}
        />
      </div>
      {(status.pendingCalls > 0 || status.mode === 'manual' || status.lastError) && (
        <Text className={s.status} data-testid="gateway-status">
          {[
            status.pendingCalls > 0 ? `${status.pendingCalls} calculation(s) waiting` : '',
            status.mode === 'manual' ? 'Manual: PACS cells recalculate only on Refresh' : '',
            status.lastError ? `Last problem: ${status.lastError.message}` : '',
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      )}
    </header>
  );
}
