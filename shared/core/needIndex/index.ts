/** Place relative need index from NHS England's practice weighted populations (capitation-method.md §3.9). */

export { parseCsv } from './csv.ts';
export { placeNeedIndex, practiceNeedIndices } from './placeNeedIndex.ts';
export { practiceRows } from './practiceRows.ts';
export type { PracticeRow } from './practiceRows.ts';
