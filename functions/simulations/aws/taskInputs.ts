import * as z from 'zod';
import { parseWith } from '../../../shared/core/scenario/index.ts';
import type { OrgId } from '../../store/ports.ts';
import type { ChunkItem, ExecutionInput } from './runObjects.ts';

/* What the state machine hands each task Lambda, validated at the boundary like any other input (strict: a renamed
 * field in the definition fails loudly here instead of running on undefined). */

const Org = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be an organisation key');
const RunId = z.string().regex(/^r_[a-z2-7]{20}$/, 'must be a run id');
const Key = z.string().min(1).max(1024);
const Trials = z.number().int().min(1).max(20_000_000);

const Execution = z.strictObject({ org: Org, runId: RunId, jobKey: Key, chunksKey: Key, trials: Trials });

const Item = z.strictObject({ from: z.number().int().min(0), to: z.number().int().min(1) });

/** ItemBatcher's shape: `{ BatchInput, Items }`. */
const ChunkBatch = z.strictObject({ BatchInput: Execution, Items: z.array(Item).min(1).max(1000) });

const Failure = z.strictObject({
  org: Org,
  runId: RunId,
  /** A Catch's `{ Error, Cause }`. */
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

export interface ChunkBatch {
  run: ExecutionInput;
  items: ChunkItem[];
}

export function parseChunkBatch(event: unknown): ChunkBatch {
  const b = parseWith(ChunkBatch, event);
  return { run: { ...b.BatchInput, org: b.BatchInput.org as OrgId }, items: b.Items };
}

export function parseExecutionInput(event: unknown): ExecutionInput {
  const e = parseWith(Execution, event);
  return { ...e, org: e.org as OrgId };
}

export interface FailureInput {
  org: OrgId;
  runId: string;
  error?: { Error?: string | undefined; Cause?: string | undefined } | undefined;
}

export function parseFailureInput(event: unknown): FailureInput {
  const f = parseWith(Failure, event);
  return { ...f, org: f.org as OrgId };
}
