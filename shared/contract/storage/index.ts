/** The single DynamoDB table as plain data (no AWS types) and its key builders: every key starts with the
 *  organisation. */

export {
  HEAD_SK,
  IDEM_SK,
  RUN_CHUNK_PREFIX,
  RUN_REQUEST_PREFIX,
  RUN_RESULT_PREFIX,
  RUN_SK,
  VERSION_PREFIX,
  bodyChunkPrefix,
  chunkSk,
  idempotencyPk,
  orgPrefix,
  runChunkSk,
  runPk,
  scenarioPk,
  scenariosGsiPk,
  scenariosGsiSk,
  usagePk,
  usageSk,
  versionSk,
} from './keys.ts';
export type { OrgId } from './keys.ts';
export { tableSpec } from './tableSpec.ts';
export type { KeyAttribute, TableSpec } from './tableSpec.ts';
