/** Derivations of single figures (PACS.EXPLAIN): how one budget cell is built from practices, need and the deficit
 *  path. */

export { explainBudgetCell } from './explainCell.ts';
