/** Money rules. The engine works in unrounded GBP (IEEE doubles); rounding happens only when figures are shown
 *  or exported. Displayed amounts are rounded half away from zero to the stated unit (whole pounds for budgets,
 *  pence for per-person amounts), and when parts are shown with their total the parts are rounded by the
 *  largest-remainder method so the displayed parts add up exactly to the displayed total. */

/** Round half away from zero to `decimals` places, robust to binary representation (1.005 -> 1.01). */
export function roundHalfAway(value: number, decimals = 0): number {
  const f = 10 ** decimals;
  const scaled = Math.abs(value) * f;
  const rounded = Math.round(Number(scaled.toPrecision(15)));
  return (Math.sign(value) * rounded) / f || 0;
}

/** Round parts so they sum exactly to the rounded total (largest remainder / Hamilton). */
export function roundPartsToTotal(parts: readonly number[], decimals = 0): number[] {
  return roundPartsTo(
    parts,
    roundHalfAway(
      parts.reduce((a, v) => a + v, 0),
      decimals,
    ),
    decimals,
  );
}

/** Round parts so they sum exactly to `total`, the figure displayed for their whole (largest remainder /
 *  Hamilton): each part is its floor plus one unit for the parts with the largest remainders, as many as the
 *  total needs (or minus one unit from the smallest, when the floors already pass it). For parts whose exact sum
 *  is the total's unrounded value, so it differs from `total` by rounding only. */
export function roundPartsTo(parts: readonly number[], total: number, decimals = 0): number[] {
  const f = 10 ** decimals;
  const target = Math.round(Number((total * f).toPrecision(15)));
  const scaled = parts.map((p) => Number((p * f).toPrecision(15)));
  const units = scaled.map(Math.floor);
  let shortfall = target - units.reduce((a, v) => a + v, 0);
  if (parts.length === 0 && target === 0) return [];
  if (parts.length === 0 || Math.abs(shortfall) > parts.length + 1)
    throw new Error(
      `parts adding up to ${scaled.reduce((a, v) => a + v, 0) / f} cannot be shown as ${total}`,
    );
  const order = scaled
    .map((p, i) => ({ i, remainder: p - units[i]! }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (let k = 0; shortfall > 0; k = (k + 1) % order.length, shortfall--) units[order[k]!.i]! += 1;
  for (let k = order.length - 1; shortfall < 0; k = (k - 1 + order.length) % order.length, shortfall++)
    units[order[k]!.i]! -= 1;
  return units.map((u) => u / f || 0);
}

/** "£1,234,567" or "£1,234.57". */
export function formatGbp(value: number, decimals = 0): string {
  const r = roundHalfAway(value, decimals);
  const sign = r < 0 ? '-' : '';
  return `${sign}£${Math.abs(r).toLocaleString('en-GB', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  })}`;
}

export function formatRate(value: number, decimals = 2): string {
  return `${roundHalfAway(value * 100, decimals).toFixed(decimals)}%`;
}
