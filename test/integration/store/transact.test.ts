import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { transactWrite } from '../../../functions/store/transact.ts';
import { UnavailableError } from '../../../shared/contract/errors/serviceErrors.ts';

/** DynamoDB Local serialises transactions, so TransactionConflict (common on the real service under contention)
 *  never happens there: the retry path is tested with a scripted client. */
function scripted(outcomes: Array<'ok' | 'conflict' | 'condition' | 'throttled'>) {
  const tokens: string[] = [];
  const client = {
    send: async (command: { input: { ClientRequestToken?: string } }) => {
      tokens.push(command.input.ClientRequestToken ?? '');
      const next = outcomes.shift() ?? 'ok';
      if (next === 'ok') return {};
      const code = {
        conflict: 'TransactionConflict',
        condition: 'ConditionalCheckFailed',
        throttled: 'ThrottlingError',
      }[next];
      throw Object.assign(new Error(next), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: code, Item: { latest: { N: '7' } } }, { Code: 'None' }],
      });
    },
  } as unknown as DynamoDBClient;
  return { client, tokens };
}

describe('transactWrite', () => {
  it('resubmits after TransactionConflict with a fresh client token, then commits', async () => {
    const { client, tokens } = scripted(['conflict', 'conflict', 'ok']);
    expect(await transactWrite(client, [])).toEqual({ committed: true });
    expect(new Set(tokens).size).toBe(3);
  });

  it('returns condition failures for the caller to interpret', async () => {
    const { client } = scripted(['conflict', 'condition']);
    const out = await transactWrite(client, []);
    expect(out.committed).toBe(false);
    expect(out.committed === false && out.reasons[0]?.Code).toBe('ConditionalCheckFailed');
  });

  it('gives up as UnavailableError on endless conflicts or throttling', async () => {
    await expect(transactWrite(scripted(Array(20).fill('conflict')).client, [])).rejects.toBeInstanceOf(
      UnavailableError,
    );
    await expect(transactWrite(scripted(['throttled']).client, [])).rejects.toBeInstanceOf(UnavailableError);
  });
});
