// `npm run build:kernel`: compiles the simulation's trial kernel (AssemblyScript) and writes the generated module
// that embeds it (scripts/simulationKernel.ts). Run after editing shared/core/simulation/wasm/kernel.as.ts.
import { writeFileSync } from 'node:fs';
import { KERNEL_MODULE, compileKernel, renderKernelModule } from './simulationKernel.ts';

const bytes = await compileKernel();
writeFileSync(KERNEL_MODULE, renderKernelModule(bytes));
process.stdout.write(`simulation kernel: ${bytes.length} bytes -> ${KERNEL_MODULE}\n`);
