import { useSyncExternalStore } from 'react';
import type { Base, Draft } from '../core/draft.ts';
import type { Pin } from '../host/host.ts';

export type View = 'contract' | 'build' | 'library' | 'risk' | 'workbook';

export interface Notice {
  intent: 'success' | 'info' | 'warning' | 'error';
  text: string;
}

/** Someone saved the scenario after the version this draft started from. */
export interface Conflict {
  /** The version now on the service, its author and time. */
  theirs: Base;
  /** The draft as it was when the save was refused. */
  mine: Draft;
}

export interface PaneState {
  view: View;
  /** The scenario being edited; null until one is started. */
  draft: Draft | null;
  /** The saved version the draft came from (the base of the next save), or null for a new scenario. */
  base: Base | null;
  /** Where the draft came from, for the scenario bar. */
  origin: string;
  conflict: Conflict | null;
  pin: Pin | null;
  /** Set when the service has a version newer than the pinned one. */
  newerThanPin: number | null;
  notice: Notice | null;
  /** Bumped by Refresh: views showing engine figures fetch them again. */
  refreshCount: number;
}

type Listener = () => void;

/** The pane's state in one place, read with useStore(selector). Small on purpose: lists, results and other
 *  server data live in the view that shows them. */
export class Store {
  private state: PaneState;
  private readonly listeners = new Set<Listener>();
  constructor(initial: Partial<PaneState> = {}) {
    this.state = {
      view: 'contract',
      draft: null,
      base: null,
      origin: '',
      conflict: null,
      pin: null,
      newerThanPin: null,
      notice: null,
      refreshCount: 0,
      ...initial,
    };
  }
  get = () => this.state;
  set = (patch: Partial<PaneState> | ((s: PaneState) => Partial<PaneState>)) => {
    const p = typeof patch === 'function' ? patch(this.state) : patch;
    this.state = { ...this.state, ...p };
    for (const l of this.listeners) l();
  };
  subscribe = (l: Listener) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  /** Edits the draft (immutably: each editor returns a new document). */
  edit = (change: (d: Draft) => Draft) => {
    const d = this.state.draft;
    if (d) this.set({ draft: change(d) });
  };
}

export function useStore<T>(store: Store, select: (s: PaneState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
