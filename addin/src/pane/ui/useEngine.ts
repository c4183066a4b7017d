import { useEffect, useState } from 'react';
import type { OperationCall } from '../../gateway/index.ts';
import type { OperationValue } from '../../../../shared/contract/wire/index.ts';
import { usePane } from './context.tsx';
import { messageOf } from './errors.ts';
import { useStore } from './store.ts';

export type EngineAnswer = { ok: true; value: OperationValue } | { ok: false; message: string };

/** Engine figures for the pane, through the shared gateway (batched with the workbook's PACS cells, cached,
 *  withdrawn when the view goes). `null` calls = nothing to ask. Refresh asks again. */
export function useEngine(calls: OperationCall[] | null): {
  answers: EngineAnswer[] | null;
  loading: boolean;
} {
  const { services, store } = usePane();
  const refreshCount = useStore(store, (s) => s.refreshCount);
  const [state, setState] = useState<{ answers: EngineAnswer[] | null; loading: boolean }>({
    answers: null,
    loading: false,
  });
  const key = JSON.stringify(calls);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `calls`
  useEffect(() => {
    if (!calls) {
      setState({ answers: null, loading: false });
      return;
    }
    setState((s) => ({ answers: s.answers, loading: true }));
    const pending = calls.map((c) => services.gateway.calculate(c));
    let live = true;
    void Promise.all(
      pending.map((p) =>
        p.promise.then(
          (value): EngineAnswer => ({ ok: true, value }),
          (e): EngineAnswer => ({ ok: false, message: messageOf(e) }),
        ),
      ),
    ).then((answers) => {
      if (live) setState({ answers, loading: false });
    });
    return () => {
      live = false;
      for (const p of pending) p.cancel('the pane view changed');
    };
  }, [key, refreshCount, services.gateway]);
  return state;
}
