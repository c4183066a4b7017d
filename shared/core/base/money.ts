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
  const f = 10 ** decimals;
  const total = roundHalfAway(
    parts.reduce((a, v) => a + v, 0),
    decimals,
  );
  const floors = parts.map((p) => Math.floor(Number((p * f).toPrecision(15))));
  let shortfall = Math.round(total * f - floors.reduce((a, v) => a + v, 0));
  const order = parts
    .map((p, i) => ({ i, remainder: p * f - floors[i]! }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  const units = floors.slice();
  for (let k = 0; shortfall > 0 && k < order.length; k++, shortfall--) units[order[k]!.i]! += 1;
  return units.map((u) => u / f);
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
