/** What a call settled with: a value, or a deterministic error worth remembering (a bad argument). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

interface Slot<T> {
  outcome: Outcome<T>;
  /** Epoch ms; Infinity for results of pinned scenario versions, which never change. */
  expiresAt: number;
}

/** Least-recently-used results with expiry. Pinned results live until evicted; results of "latest" references
 *  (and of functions without a scenario) expire after a short time, and Refresh drops them at once. */
export class ResultCache<T> {
  private readonly slots = new Map<string, Slot<T>>();
  constructor(private readonly capacity: number) {}

  /** The outcome for `key`; an expired one only when `allowStale` (manual mode keeps showing what it has). */
  get(key: string, now: number, allowStale = false): Outcome<T> | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= now && !allowStale) return undefined;
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.outcome;
  }

  set(key: string, outcome: Outcome<T>, expiresAt: number): void {
    this.slots.delete(key);
    this.slots.set(key, { outcome, expiresAt });
    if (this.slots.size > this.capacity) this.slots.delete(this.slots.keys().next().value!);
  }

  /** Drops every entry that can go stale (Refresh): pinned results stay. */
  dropExpiring(): void {
    for (const [key, slot] of this.slots)
      if (slot.expiresAt !== Number.POSITIVE_INFINITY) this.slots.delete(key);
  }

  clear(): void {
    this.slots.clear();
  }

  get size(): number {
    return this.slots.size;
  }
}
