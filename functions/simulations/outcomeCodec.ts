import { OUTCOME_ARRAYS, type TrialOutcomes } from '../../shared/core/simulation/index.ts';

/* One chunk of per-trial outcomes as bytes: what a chunk Lambda writes to S3 and the Step Functions merge reads
 * (the local pool's workers write into shared memory instead; both place chunks through the one OutcomeMerge).
 * Layout (little-endian):
 *   0..3  "PCK1"   4..7 from (u32)   8..11 to (u32)   12..15 zero (keeps the arrays 8-byte aligned)
 *   then the OUTCOME_ARRAYS in that order, n float64 each, then n flag bytes (n = to - from). */

const MAGIC = 0x314b4350; // "PCK1" read as a little-endian u32
const HEADER = 16;

// Typed arrays use the platform's byte order; every Node target (x64, arm64 Lambda) is little-endian.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
  throw new Error('outcome codec needs little-endian');

export const encodedSize = (trials: number): number => HEADER + trials * (OUTCOME_ARRAYS.length * 8 + 1);

export function encodeOutcomes(o: TrialOutcomes): Uint8Array {
  const n = o.to - o.from;
  const buffer = new ArrayBuffer(encodedSize(n));
  const header = new Uint32Array(buffer, 0, 4);
  header[0] = MAGIC;
  header[1] = o.from;
  header[2] = o.to;
  let offset = HEADER;
  for (const k of OUTCOME_ARRAYS) {
    new Float64Array(buffer, offset, n).set(o[k]);
    offset += n * 8;
  }
  new Uint8Array(buffer, offset, n).set(o.flags);
  return new Uint8Array(buffer);
}

/** The outcomes in `bytes`; throws on anything that is not a whole chunk written by encodeOutcomes. `view`: the
 *  arrays are views of `bytes` when it starts a buffer of its own (a transferred buffer), not copies. */
export function decodeOutcomes(bytes: Uint8Array, view = false): TrialOutcomes {
  if (view && bytes.byteOffset === 0 && bytes.buffer instanceof ArrayBuffer)
    return viewOf(bytes.buffer, bytes);
  // Copy once into an aligned buffer of our own (S3 bodies and transferred buffers may sit at any offset).
  const buffer = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(buffer).set(bytes);
  return viewOf(buffer, bytes);
}

function viewOf(buffer: ArrayBuffer, bytes: Uint8Array): TrialOutcomes {
  const own = new Uint8Array(buffer, 0, bytes.byteLength);
  if (bytes.byteLength < HEADER) throw new Error('outcome chunk: truncated header');
  const header = new Uint32Array(buffer, 0, 4);
  if (header[0] !== MAGIC) throw new Error('outcome chunk: not a PCK1 chunk');
  const from = header[1]!;
  const to = header[2]!;
  if (to < from || bytes.byteLength !== encodedSize(to - from))
    throw new Error(`outcome chunk [${from}, ${to}): ${bytes.byteLength} bytes is the wrong length`);
  const n = to - from;
  const out = { from, to } as TrialOutcomes;
  let offset = HEADER;
  for (const k of OUTCOME_ARRAYS) {
    out[k] = new Float64Array(buffer, offset, n);
    offset += n * 8;
  }
  out.flags = own.subarray(offset, offset + n);
  return out;
}
