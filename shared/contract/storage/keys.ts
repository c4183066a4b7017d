/** Key builders for the single table (serverless-platform §6). Every partition key, including the GSI's, starts
 *  with `T#{org}#`, so one organisation can never address another's items and a `dynamodb:LeadingKeys` policy fits. */

/** Organisation key (an ODS code): built only from verified token claims, never from a path or body. */
export type OrgId = string & { readonly __brand: 'OrgId' };

/** `#` would let one organisation's prefix reach into another's key space; whitespace is never a real ODS code. */
const ORG_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

function orgPart(org: OrgId): string {
  if (!ORG_PATTERN.test(org)) throw new Error(`invalid organisation key: ${JSON.stringify(org)}`);
  return org;
}

/** Prefix every key of `org` starts with (partition and GSI partition keys alike). */
export const orgPrefix = (org: OrgId): string => `T#${orgPart(org)}#`;

export const HEAD_SK = 'HEAD';
export const RUN_SK = 'RUN';
export const IDEM_SK = 'IDEM';
export const VERSION_PREFIX = 'V#';

export const scenarioPk = (org: OrgId, id: string): string => `${orgPrefix(org)}S#${id}`;

/** Six digits keep the sort order numeric up to version 999999. */
export function versionSk(version: number): string {
  if (!Number.isInteger(version) || version < 1 || version > 999_999)
    throw new Error(`invalid version ${version}`);
  return `${VERSION_PREFIX}${String(version).padStart(6, '0')}`;
}

/** Body chunks of version n live beside it under their own prefix, so history queries (`V#`) never read them. */
export const bodyChunkPrefix = (version: number): string => `B#${versionSk(version).slice(2)}#`;

export const chunkSk = (prefix: string, index: number): string =>
  `${prefix}${String(index).padStart(4, '0')}`;

/** GSI1: the organisation's scenario heads, newest `updatedAt` first; the id breaks ties. */
export const scenariosGsiPk = (org: OrgId): string => `${orgPrefix(org)}SCENARIOS`;
export const scenariosGsiSk = (updatedAt: string, id: string): string => `${updatedAt}#${id}`;

export const runPk = (org: OrgId, id: string): string => `${orgPrefix(org)}RUN#${id}`;
export const RUN_REQUEST_PREFIX = 'REQ#';
export const RUN_RESULT_PREFIX = 'RES#';

export const idempotencyPk = (org: OrgId, key: string): string => `${orgPrefix(org)}IDEM#${key}`;

/** The Step Functions runtime's ledger of a run's finished chunks: one item per chunk beside the RUN item, keyed by
 *  the chunk's first trial (nine digits: runs have at most 20,000,000 trials). */
export const RUN_CHUNK_PREFIX = 'CHK#';
export function runChunkSk(from: number): string {
  if (!Number.isInteger(from) || from < 0 || from > 999_999_999)
    throw new Error(`invalid chunk start ${from}`);
  return `${RUN_CHUNK_PREFIX}${String(from).padStart(9, '0')}`;
}

/** Per-organisation request counters of the usage limit, one item per minute window (expired by TTL). */
export const usagePk = (org: OrgId): string => `${orgPrefix(org)}USAGE`;
export const usageSk = (windowStart: Date): string => `M#${windowStart.toISOString().slice(0, 16)}`;
