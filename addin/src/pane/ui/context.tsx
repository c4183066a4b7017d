import { createContext, useContext } from 'react';
import type { PaneServices } from '../services/runtime.ts';
import type { Store } from './store.ts';

export interface Pane {
  services: PaneServices;
  store: Store;
}

export const PaneContext = createContext<Pane | null>(null);

export function usePane(): Pane {
  const p = useContext(PaneContext);
  if (!p) throw new Error('usePane outside PaneContext');
  return p;
}
