import { type Base, reapply, toDraft } from '../core/draft.ts';
import type { Draft } from '../core/draft.ts';
import { isError } from '../services/errorKinds.ts';
import type { PaneServices } from '../services/runtime.ts';
import { messageOf } from './errors.ts';
import type { Store } from './store.ts';

type Services = Pick<PaneServices, 'client' | 'gateway'>;

/** A saved version as the base of a draft. */
async function fetchBase(services: Services, id: string, version: number | undefined): Promise<Base> {
  const v = await services.gateway.request((o) =>
    version === undefined
      ? services.client.scenarios.latest(id, o)
      : services.client.scenarios.version(id, version, o),
  );
  const r = toDraft(v.scenario);
  if ('problems' in r) throw new Error(`version ${v.version} is not readable: ${r.problems[0]?.message}`);
  return { id: v.id, version: v.version, author: v.author, savedAt: v.createdAt, scenario: r.draft };
}

/** Opens a saved scenario (its latest version, or a given one) as the draft. */
export async function openVersion(
  services: Services,
  store: Store,
  id: string,
  version: number | undefined,
): Promise<void> {
  try {
    const base = await fetchBase(services, id, version);
    store.set({
      draft: base.scenario,
      base,
      conflict: null,
      origin: '',
      notice: { intent: 'success', text: `Opened "${base.scenario.name}" version ${base.version}.` },
    });
  } catch (e) {
    store.set({ notice: { intent: 'error', text: messageOf(e) } });
  }
}

/** Saves the draft: a new scenario (version 1) or the next version of its base. When someone saved first, the
 *  service refuses (409) and the pane keeps both sides for the conflict view instead of losing either. */
export async function saveDraft(services: Services, store: Store, summary: string): Promise<void> {
  const { draft, base } = store.get();
  if (!draft) return;
  try {
    const saved = base
      ? await services.client.scenarios.save(base.id, base.version, draft, summary || undefined)
      : await services.client.scenarios.create(draft, summary || undefined);
    const r = toDraft(saved.scenario);
    const scenario = 'draft' in r ? r.draft : draft;
    store.set({
      draft: scenario,
      base: {
        id: saved.id,
        version: saved.version,
        author: saved.author,
        savedAt: saved.createdAt,
        scenario,
      },
      conflict: null,
      origin: '',
      notice: {
        intent: 'success',
        text: `Saved "${scenario.name}" as version ${saved.version} (${saved.id}).`,
      },
    });
  } catch (e) {
    if (isError(e, 'ApiError') && e.status === 409 && base) {
      try {
        const theirs = await fetchBase(services, base.id, e.currentVersion);
        store.set({
          conflict: { theirs, mine: draft },
          notice: {
            intent: 'warning',
            text: `Not saved: ${theirs.author} saved version ${theirs.version} after you opened version ${base.version}. Compare the changes below, then reapply yours on top.`,
          },
        });
        return;
      } catch (inner) {
        store.set({ notice: { intent: 'error', text: messageOf(inner) } });
        return;
      }
    }
    store.set({ notice: { intent: 'error', text: messageOf(e) } });
  }
}

/** Reapplies my changes (draft vs its base) on top of the version someone else saved; the result becomes the
 *  draft, based on their version, ready to save as the next one. */
export function reapplyOnTop(store: Store): void {
  const { conflict, base } = store.get();
  if (!conflict || !base) return;
  const merged = reapply(base.scenario, conflict.mine, conflict.theirs.scenario) as Draft;
  store.set({
    draft: merged,
    base: conflict.theirs,
    conflict: null,
    notice: {
      intent: 'info',
      text: `Your changes are reapplied on top of version ${conflict.theirs.version}. Check them, then save version ${conflict.theirs.version + 1}.`,
    },
  });
}

/** Gives up my changes and opens the version someone else saved. */
export function takeTheirs(store: Store): void {
  const { conflict } = store.get();
  if (!conflict) return;
  store.set({
    draft: conflict.theirs.scenario,
    base: conflict.theirs,
    conflict: null,
    notice: {
      intent: 'info',
      text: `Opened version ${conflict.theirs.version}; your changes were discarded.`,
    },
  });
}
