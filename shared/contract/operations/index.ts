/** Engine operations: one per Excel function (PACS.*), run in batches against scenario versions calculated once. */

export { ENGINE_VERSION, operationContext } from './catalogue.ts';
export type { OperationContext } from './catalogue.ts';
export { runBatch } from './runBatch.ts';
