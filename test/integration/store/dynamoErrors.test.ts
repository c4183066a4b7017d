import { describe, expect, it } from 'vitest';
import {
  cancellationReasons,
  conditionFailure,
  isTransactionConflict,
  mapDynamoError,
} from '../../../functions/store/dynamoErrors.ts';
import { UnavailableError } from '../../../shared/contract/errors/serviceErrors.ts';

const named = (name: string, extra: object = {}) => Object.assign(new Error(name), { name, ...extra });

describe('mapDynamoError', () => {
  it('maps outages, timeouts, throttling and 5xx to UnavailableError', () => {
    const transient = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      named('TimeoutError'),
      named('ProvisionedThroughputExceededException'),
      named('ThrottlingException'),
      named('InternalServerError'),
      named('SomethingNew', { $metadata: { httpStatusCode: 503 } }),
      new Error('wrapped', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }),
    ];
    for (const err of transient) expect(mapDynamoError(err)).toBeInstanceOf(UnavailableError);
  });

  it('leaves request errors alone (they are bugs, not outages)', () => {
    const err = named('ValidationException', { $metadata: { httpStatusCode: 400 } });
    expect(mapDynamoError(err)).toBe(err);
  });

  it('reads cancellation reasons of a cancelled transaction', () => {
    const item = { latest: { N: '2' } };
    const err = named('TransactionCanceledException', {
      CancellationReasons: [{ Code: 'ConditionalCheckFailed', Item: item }, { Code: 'None' }],
    });
    const reasons = cancellationReasons(err)!;
    expect(conditionFailure(reasons, 0)).toEqual({ conditionFailed: true, item });
    expect(conditionFailure(reasons, 1).conditionFailed).toBe(false);
    expect(isTransactionConflict(reasons)).toBe(false);
    expect(isTransactionConflict([{ Code: 'TransactionConflict' }, { Code: 'None' }])).toBe(true);
    expect(cancellationReasons(named('ValidationException'))).toBeUndefined();
  });
});
