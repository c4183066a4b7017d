/** Place relative need index from NHS England's practice weighted populations (capitation-method.md §3.9). */

export { parseCsv } from './csv.ts';
export type { CsvTable } from './csv.ts';
export { placeNeedIndex, practiceNeedIndices } from './placeNeedIndex.ts';
export type { PlaceNeedIndex } from './placeNeedIndex.ts';
export { POPULATION_COLUMN, WEIGHTED_POPULATION_COLUMNS, practiceRows } from './practiceRows.ts';
export type { PracticeRow, WeightedPopulationColumn } from './practiceRows.ts';
