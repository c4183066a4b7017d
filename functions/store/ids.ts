import { randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** `prefix` + 20 characters of [a-z2-7] (100 random bits). 256 is a multiple of 32, so `byte & 31` is unbiased. */
export function newId(prefix: string): string {
  let id = prefix;
  for (const byte of randomBytes(20)) id += BASE32[byte & 31];
  return id;
}
