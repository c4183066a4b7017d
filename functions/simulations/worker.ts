// Worker thread of the simulation pool (cli/simulateWorkerPool.ts): receives the model built by the main thread
// (plain data, structured-cloned), then runs chunks of trials and sends their per-trial outcomes back (buffers
// transferred). It imports only the trial code: no scenario schema, no zod, no calculation pipeline.
import { parentPort } from 'node:worker_threads';
import { runChunk } from '../../shared/core/simulation/index.ts';
import type { SimulationModel } from '../../shared/core/simulation/index.ts';
import { encodeOutcomes } from './outcomeCodec.ts';

export type WorkerRequest =
  | { type: 'init'; model: SimulationModel }
  | { type: 'chunk'; from: number; to: number };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; from: number; done: number }
  /** The chunk's outcomes in the byte form the Step Functions runtime also merges (outcomeCodec.ts). */
  | { type: 'chunk'; from: number; to: number; bytes: Uint8Array }
  | { type: 'error'; message: string };

const port = parentPort;
if (port === null) throw new Error('simulationWorker.ts must run in a worker thread');
let model: SimulationModel | null = null;

port.on('message', (msg: WorkerRequest) => {
  try {
    if (msg.type === 'init') {
      model = msg.model;
      port.postMessage({ type: 'ready' } satisfies WorkerReply);
      return;
    }
    if (model === null) throw new Error('chunk before init');
    const { from, to } = msg;
    const outcomes = runChunk(model, from, to, (done) =>
      port.postMessage({ type: 'progress', from, done } satisfies WorkerReply),
    );
    const bytes = encodeOutcomes(outcomes);
    port.postMessage({ type: 'chunk', from, to, bytes } satisfies WorkerReply, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error)?.message ?? String(e) } satisfies WorkerReply);
  }
});
