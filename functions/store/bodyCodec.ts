import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { PayloadTooLargeError } from '../../shared/contract/errors/index.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Compressed bytes per chunk item: well under DynamoDB's 400 KB item limit, leaving room for keys and attributes. */
export const CHUNK_BYTES = 300_000;
/** All chunks go in the same TransactWriteItems as their version (limit 4 MB, 100 actions): 12 chunks of 300 KB
 *  plus the version and head items stay clear of 4 MB. */
export const MAX_COMPRESSED_BYTES = 12 * CHUNK_BYTES;

export interface EncodedBody {
  /** sha256 (hex) of the canonical JSON. */
  sha256: string;
  /** UTF-8 length of the canonical JSON. */
  bytes: number;
  /** gzip of the canonical JSON, split into pieces of at most CHUNK_BYTES (at least one). */
  chunks: Buffer[];
}

/** JSON with object keys sorted at every level, so equal documents hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

export const sha256Hex = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/** Canonicalise, hash, gzip and chunk a JSON document; refuses documents the write transaction could not hold. */
export async function encodeBody(value: unknown, field: string): Promise<EncodedBody> {
  const json = canonicalJson(value);
  if (json === undefined) throw new TypeError(`${field} is not JSON`);
  const raw = Buffer.from(json, 'utf8');
  const gz = await gzipAsync(raw);
  if (gz.length > MAX_COMPRESSED_BYTES) {
    throw new PayloadTooLargeError(
      `${field} is ${raw.length} bytes (${gz.length} compressed); at most ${MAX_COMPRESSED_BYTES} compressed bytes can be stored`,
      field,
    );
  }
  const chunks: Buffer[] = [];
  for (let at = 0; at < gz.length || chunks.length === 0; at += CHUNK_BYTES) {
    chunks.push(gz.subarray(at, at + CHUNK_BYTES));
  }
  return { sha256: sha256Hex(raw), bytes: raw.length, chunks };
}

/** Reassemble chunks (in order) and parse; the hash check catches a missing or corrupted chunk. */
export async function decodeBody(chunks: readonly Uint8Array[], expectedSha256: string): Promise<unknown> {
  const raw = await gunzipAsync(Buffer.concat(chunks));
  if (sha256Hex(raw) !== expectedSha256) throw new Error('stored body does not match its sha256');
  return JSON.parse(raw.toString('utf8'));
}
