// Builds the simulation worker bundle (dist/simulation-worker.mjs); run by `npm install` (the `prepare` script).
// The pool rebuilds it on demand too when a source changed (functions/simulations/workerBundle.ts).
import { buildWorkerBundle } from '../functions/simulations/index.ts';

const file = await buildWorkerBundle();
process.stdout.write(`simulation worker: ${file}\n`);
