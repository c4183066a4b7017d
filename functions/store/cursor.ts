import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ValidationError } from '../../shared/core/base/index.ts';
import { type OrgId, orgPrefix } from '../../shared/contract/storage/index.ts';

/** A DynamoDB key as found in LastEvaluatedKey: our keys are all strings. */
export type StartKey = Record<string, AttributeValue>;

/** Opaque page cursors: base64url(JSON of the LastEvaluatedKey) + "." + HMAC-SHA256 over (org, scope, payload).
 *  The MAC stops a client from forging a start key into another organisation's partition (a cross-tenant read)
 *  or replaying a cursor issued to another organisation or to another listing. */
export class CursorCodec {
  readonly #secret: Buffer;

  constructor(secret: string | Uint8Array) {
    this.#secret = Buffer.from(secret);
    if (this.#secret.length < 16) throw new Error('cursor secret must be at least 16 bytes');
  }

  encode(org: OrgId, scope: string, key: StartKey): string {
    const payload = Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
    return `${payload}.${this.#mac(org, scope, payload).toString('base64url')}`;
  }

  /** The start key, or ValidationError (field `cursor`) if the cursor was altered or issued elsewhere. */
  decode(org: OrgId, scope: string, cursor: string): StartKey {
    const [payload, mac, extra] = cursor.split('.');
    if (!payload || !mac || extra !== undefined) throw invalid();
    const given = Buffer.from(mac, 'base64url');
    const expected = this.#mac(org, scope, payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    let key: unknown;
    try {
      key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    // Belt and braces behind the MAC: only string keys, and every partition key inside the caller's prefix.
    if (key === null || typeof key !== 'object' || Array.isArray(key)) throw invalid();
    const prefix = orgPrefix(org);
    for (const [name, value] of Object.entries(key)) {
      const s = (value as { S?: unknown } | null)?.S;
      if (typeof s !== 'string') throw invalid();
      if (name.endsWith('PK') && !s.startsWith(prefix)) throw invalid();
    }
    return key as StartKey;
  }

  #mac(org: OrgId, scope: string, payload: string): Buffer {
    return createHmac('sha256', this.#secret).update(`${org}\n${scope}\n${payload}`).digest();
  }
}

const invalid = () =>
  new ValidationError([
    { field: 'cursor', message: 'is not a cursor issued for this listing; start again without it' },
  ]);
