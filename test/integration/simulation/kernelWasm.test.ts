import { describe, expect, it } from 'vitest';
import { KERNEL_WASM_BASE64 } from '../../../shared/core/simulation/wasm/kernelWasm.ts';
import { compileKernel, renderKernelModule } from '../../../scripts/simulationKernel.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/* The trial kernel runs from the WebAssembly bytes embedded in kernelWasm.ts; they must be what its source,
 * kernel.as.ts, compiles to with the pinned compiler, or an edit to the source would not be what runs. */

describe('the embedded kernel is its source compiled', () => {
  it('compiling kernel.as.ts gives the committed bytes and module', async () => {
    const bytes = await compileKernel();
    expect(Buffer.from(bytes).toString('base64') === KERNEL_WASM_BASE64, 'run `npm run build:kernel`').toBe(
      true,
    );
    const committed = readFileSync(
      fileURLToPath(new URL('../../../shared/core/simulation/wasm/kernelWasm.ts', import.meta.url)),
      'utf8',
    );
    expect(renderKernelModule(bytes)).toBe(committed);
  });
});
