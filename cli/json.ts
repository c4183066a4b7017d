/** JSON with typed arrays written as plain arrays. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_k, v) => (v instanceof Float64Array ? Array.from(v) : v), 2)}\n`;
}
