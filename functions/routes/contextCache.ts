import { type OperationContext, operationContext } from '../../shared/contract/operations/index.ts';
import type { Scenario } from '../../shared/core/scenario/index.ts';

/** Recently used scenario versions with their calculations, per warm Lambda instance. Safe because versions are
 *  immutable and the engine is deterministic; keys carry the organisation so nothing crosses tenants. */
export function createContextCache(capacity = 32) {
  const entries = new Map<string, OperationContext>();
  return {
    async get(key: string, load: () => Promise<Scenario>): Promise<OperationContext> {
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key); // move to the most-recent end
        entries.set(key, hit);
        return hit;
      }
      const ctx = operationContext(await load());
      entries.set(key, ctx);
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
      return ctx;
    },
  };
}
