import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** Tiny typed (un)marshalling for our own items; avoids a dependency on @aws-sdk/util-dynamodb. */
export type Item = Record<string, AttributeValue>;

export const S = (value: string): AttributeValue => ({ S: value });
export const N = (value: number): AttributeValue => ({ N: String(value) });
export const B = (value: Uint8Array): AttributeValue => ({ B: value });
export const BOOL = (value: boolean): AttributeValue => ({ BOOL: value });

/** Readers throw on a missing or mistyped attribute: a malformed stored item is a bug to surface, not to paper over. */
function need<T>(item: Item, name: string, value: T | undefined): T {
  if (value === undefined) throw new Error(`stored item ${item.PK?.S}/${item.SK?.S} lacks attribute ${name}`);
  return value;
}
export const str = (item: Item, name: string): string => need(item, name, item[name]?.S);
export const num = (item: Item, name: string): number => Number(need(item, name, item[name]?.N));
export const bin = (item: Item, name: string): Uint8Array => need(item, name, item[name]?.B);
export const optStr = (item: Item, name: string): string | undefined => item[name]?.S;
export const optNum = (item: Item, name: string): number | undefined => {
  const n = item[name]?.N;
  return n === undefined ? undefined : Number(n);
};
export const bool = (item: Item, name: string): boolean => item[name]?.BOOL === true;

/** TTL deletion is best-effort (days late on AWS, never on DynamoDB Local): an item past its `ttl` is absent. */
export function isLive(item: Item | undefined, nowSeconds: number): item is Item {
  if (!item) return false;
  const ttl = optNum(item, 'ttl');
  return ttl === undefined || ttl > nowSeconds;
}
