import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so scripts, tests and benches agree wherever they run from. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Public NHS data beside the repository (../shared/data, read-only). */
export const dataDir = path.resolve(repoRoot, '..', 'shared', 'data');
export const practiceFile = path.join(dataDir, 'gp-practice-weighted-populations-2024-25.csv');
export const spendFile = path.join(dataDir, 'nhs-spend-by-age-sex-imd-2014.csv');
export const paymentsFile = path.join(dataDir, 'nhs-payments-to-general-practice-2022-23.csv');
export const examplesDir = path.join(repoRoot, 'examples');
