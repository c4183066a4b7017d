import { describe, expect, it } from 'vitest';
import {
  CHUNK_BYTES,
  canonicalJson,
  decodeBody,
  encodeBody,
  sha256Hex,
} from '../../../functions/store/bodyCodec.ts';
import { CursorCodec } from '../../../functions/store/cursor.ts';
import type { OrgId } from '../../../functions/store/ports.ts';
import { ValidationError } from '../../../shared/core/base/errors.ts';
import {
  bodyChunkPrefix,
  chunkSk,
  idempotencyPk,
  orgPrefix,
  runPk,
  scenarioPk,
  scenariosGsiPk,
  scenariosGsiSk,
  versionSk,
} from '../../../shared/contract/storage/keys.ts';
import { bigDocument } from './storeFixtures.ts';

const org = 'RBT' as OrgId;
const other = 'R0A' as OrgId;

describe('keys', () => {
  it('puts the organisation first in every partition key', () => {
    expect(scenarioPk(org, 's_x')).toBe('T#RBT#S#s_x');
    expect(versionSk(42)).toBe('V#000042');
    expect(bodyChunkPrefix(42)).toBe('B#000042#');
    expect(chunkSk(bodyChunkPrefix(42), 3)).toBe('B#000042#0003');
    expect(scenariosGsiPk(org)).toBe('T#RBT#SCENARIOS');
    expect(scenariosGsiSk('2026-11-23T12:00:00.000Z', 's_x')).toBe('2026-11-23T12:00:00.000Z#s_x');
    expect(runPk(org, 'r_x')).toBe('T#RBT#RUN#r_x');
    expect(idempotencyPk(org, 'k-1')).toBe('T#RBT#IDEM#k-1');
  });

  it('refuses organisation keys that could reach another prefix, and impossible versions', () => {
    for (const bad of ['', 'A#S', 'A B', 'x'.repeat(65)]) expect(() => orgPrefix(bad as OrgId)).toThrow();
    for (const bad of [0, -1, 1.5, 1_000_000]) expect(() => versionSk(bad)).toThrow();
  });
});

describe('body codec', () => {
  it('hashes canonical JSON: key order does not matter, arrays keep theirs', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
    expect(sha256Hex(canonicalJson({ a: 1, b: 2 }))).toBe(sha256Hex(canonicalJson({ b: 2, a: 1 })));
  });

  it('splits a large compressed body into chunks and reassembles it', async () => {
    const doc = bigDocument(1_000_000);
    const enc = await encodeBody(doc, 'scenario');
    expect(enc.chunks.length).toBeGreaterThan(1);
    expect(enc.chunks.every((c) => c.length <= CHUNK_BYTES)).toBe(true);
    expect(await decodeBody(enc.chunks, enc.sha256)).toEqual(doc);
    await expect(decodeBody(enc.chunks.slice(0, -1), enc.sha256)).rejects.toThrow();
    const small = await encodeBody({ a: 1 }, 'scenario');
    expect(small.chunks).toHaveLength(1);
    await expect(decodeBody(small.chunks, sha256Hex('other'))).rejects.toThrow(/sha256/);
  });
});

describe('cursor codec', () => {
  const codec = new CursorCodec('0123456789abcdef0123');
  const key = { PK: { S: 'T#RBT#S#s_x' }, SK: { S: 'HEAD' }, GSI1PK: { S: 'T#RBT#SCENARIOS' } };

  it('round-trips for the same organisation and listing only', () => {
    const c = codec.encode(org, 'list', key);
    expect(codec.decode(org, 'list', c)).toEqual(key);
    expect(() => codec.decode(other, 'list', c)).toThrow(ValidationError);
    expect(() => codec.decode(org, 'history:s_x', c)).toThrow(ValidationError);
    expect(() => new CursorCodec('another-secret-0123').decode(org, 'list', c)).toThrow(ValidationError);
  });

  it('rejects any edit, and keys outside the organisation even with a valid MAC', () => {
    const c = codec.encode(org, 'list', key);
    const flipped = `${c[0] === 'A' ? 'B' : 'A'}${c.slice(1)}`;
    for (const bad of [flipped, `${c}x`, c.split('.')[0]!, `${c}.x`, '.', '']) {
      expect(() => codec.decode(org, 'list', bad)).toThrow(ValidationError);
    }
    const foreign = codec.encode(org, 'list', { PK: { S: 'T#R0A#S#s_y' }, SK: { S: 'HEAD' } });
    expect(() => codec.decode(org, 'list', foreign)).toThrow(ValidationError);
    expect(() => new CursorCodec('short')).toThrow();
  });
});
