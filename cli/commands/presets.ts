import { formatRate } from '../../shared/core/base/index.ts';
import { listPresets, resolveRiskShare } from '../../shared/core/presets/index.ts';
import type { Band, RiskShareSpec } from '../../shared/core/scenario/index.ts';
import { parseArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { toJson } from '../json.ts';
import { renderTable } from '../table.ts';

/** Lists the gain/loss sharing presets with their resolved parameters and sources. */
export function presetsCommand(argv: string[], ctx: CliContext): number {
  const { options } = parseArgs(argv, new Set(['json']), new Set(['json']));
  const presets = listPresets().map((p) => ({ ...p, resolved: resolveRiskShare({ preset: p.id }) }));
  if (options.json) {
    ctx.stdout.write(
      toJson(
        presets.map(({ id, title, source, notes, resolved }) => ({
          id,
          title,
          source,
          notes,
          spec: resolved,
        })),
      ),
    );
    return 0;
  }
  ctx.stdout.write(
    renderTable(
      ['preset', 'gains kept by providers', 'losses borne by providers', 'order', 'discount'],
      presets.map((p) => [
        p.id,
        side(p.resolved.gain),
        side(p.resolved.loss),
        p.resolved.order.replaceAll('_', ' '),
        formatRate(p.resolved.discount, 1),
      ]),
      [false, false, false, false, true],
    ),
  );
  ctx.stdout.write('\nSources:\n');
  for (const p of presets) ctx.stdout.write(`  ${p.id}: ${p.title}. ${p.source}\n`);
  return 0;
}

function side(s: RiskShareSpec['gain'] | RiskShareSpec['loss']): string {
  const threshold =
    s.threshold.type === 'fixed'
      ? s.threshold.rate > 0
        ? `${formatRate(s.threshold.rate, 1)} ${s.thresholdMode.replace('_', '-')} threshold; `
        : ''
      : `${s.threshold.type === 'mssp_table' ? 'MSR-table' : 'normal-variation'} ${s.thresholdMode.replace('_', '-')} threshold; `;
  const cap = s.capRate === null ? '' : `; cap ${formatRate(s.capRate, 0)} of benchmark`;
  const revenueCap =
    'revenueCapRate' in s && s.revenueCapRate !== null
      ? ` or ${formatRate(s.revenueCapRate, 0)} of revenue if lower`
      : '';
  const quality =
    'qualityLinkedRate' in s && s.qualityLinkedRate
      ? ` (quality-linked: ${s.qualityLinkedRate.base} - ${s.qualityLinkedRate.slope} x Q within ${formatRate(s.qualityLinkedRate.min, 0)}-${formatRate(s.qualityLinkedRate.max, 0)})`
      : '';
  const haircut = 'haircut' in s && s.haircut > 0 ? `; haircut ${formatRate(s.haircut, 0)}` : '';
  return `${threshold}${bands(s.bands)}${quality}${cap}${revenueCap}${haircut}`;
}

function bands(list: readonly Band[]): string {
  let from = 0;
  return list
    .map((b) => {
      const text =
        b.upTo === null
          ? `${formatRate(b.providerRate, 0)}${from > 0 ? ` above ${formatRate(from, 0)}` : ''}`
          : `${formatRate(b.providerRate, 0)} to ${formatRate(b.upTo, 0)}`;
      if (b.upTo !== null) from = b.upTo;
      return text;
    })
    .join(', ');
}
