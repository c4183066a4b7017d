// Worker thread of the simulation pool (cli/simulateWorkerPool.ts): receives the model built by the main thread
// (plain data, structured-cloned), then runs chunks of trials and sends their per-trial outcomes back (buffers
// transferred). It imports only the trial code: no scenario schema, no zod, no calculation pipeline.
import { parentPort } from 'node:worker_threads';
import { OUTCOME_ARRAYS, type TrialOutcomes, runChunk } from '../../shared/core/simulation/index.ts';
import type { SimulationModel } from '../../shared/core/simulation/index.ts';

export type WorkerRequest =
  | { type: 'init'; model: SimulationModel }
  | { type: 'chunk'; from: number; to: number };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; from: number; done: number }
  | { type: 'chunk'; outcomes: TrialOutcomes }
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
    const transfer = [
      ...OUTCOME_ARRAYS.map((k) => outcomes[k].buffer),
      outcomes.flags.buffer,
    ] as ArrayBuffer[];
    port.postMessage({ type: 'chunk', outcomes } satisfies WorkerReply, transfer);
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error)?.message ?? String(e) } satisfies WorkerReply);
  }
});
