import { makeStyles, tokens } from '@fluentui/react-components';
import { formatGbp } from '../../../../../shared/core/base/index.ts';

export interface Bin {
  from: number;
  to: number;
  share: number;
}

const useStyles = makeStyles({
  svg: { width: '100%', height: 'auto', display: 'block' },
  gain: { fill: tokens.colorBrandBackground },
  loss: { fill: tokens.colorPaletteRedBackground3 },
  lossRegion: { fill: tokens.colorPaletteRedBackground1 },
  axis: { stroke: tokens.colorNeutralForeground3, strokeWidth: 1 },
  label: { fill: tokens.colorNeutralForeground2, fontSize: '10px' },
  lossLabel: { fill: tokens.colorPaletteRedForeground1, fontSize: '10px', fontWeight: 600 },
});

const W = 320;
const H = 150;
const M = { left: 6, right: 6, top: 14, bottom: 26 };

const short = (v: number) =>
  Math.abs(v) >= 1e6
    ? `£${(v / 1e6).toFixed(1)}m`
    : Math.abs(v) >= 1e3
      ? `£${(v / 1e3).toFixed(0)}k`
      : formatGbp(v);

/** A party's distribution of results: bars by GBP, the loss region (results below zero) shaded and labelled,
 *  and loss bars in a different fill and hatched so the region reads without colour. */
export function Histogram({ bins, label, id }: { bins: Bin[]; label: string; id: string }) {
  const s = useStyles();
  const lo = bins[0]!.from;
  const hi = bins[bins.length - 1]!.to;
  const max = Math.max(...bins.map((b) => b.share), 1e-9);
  const px = (v: number) => M.left + ((v - lo) / (hi - lo || 1)) * (W - M.left - M.right);
  const py = (v: number) => M.top + (1 - v / max) * (H - M.top - M.bottom);
  const zero = lo < 0 ? Math.min(px(0), W - M.right) : null;
  return (
    <svg className={s.svg} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <defs>
        <pattern
          id={`hatch-${id}`}
          width="4"
          height="4"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <line x1="0" y1="0" x2="0" y2="4" stroke="currentColor" strokeWidth="1" opacity="0.5" />
        </pattern>
      </defs>
      {zero !== null && (
        <g data-loss-region="">
          <rect
            className={s.lossRegion}
            x={M.left}
            y={M.top}
            width={zero - M.left}
            height={H - M.top - M.bottom}
            opacity={0.5}
          />
          <text className={s.lossLabel} x={M.left + 2} y={M.top - 3}>
            Loss region
          </text>
        </g>
      )}
      {bins.map((b) => {
        const x = px(b.from);
        const w = Math.max(0.5, px(b.to) - x - 0.5);
        const loss = b.to <= 0;
        return (
          <g key={b.from}>
            <rect
              className={loss ? s.loss : s.gain}
              x={x}
              y={py(b.share)}
              width={w}
              height={H - M.bottom - py(b.share)}
            />
            {loss && (
              <rect
                fill={`url(#hatch-${id})`}
                x={x}
                y={py(b.share)}
                width={w}
                height={H - M.bottom - py(b.share)}
              />
            )}
          </g>
        );
      })}
      <line className={s.axis} x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
      {zero !== null && (
        <line className={s.axis} x1={zero} x2={zero} y1={M.top} y2={H - M.bottom} strokeDasharray="3 2" />
      )}
      <text className={s.label} x={M.left} y={H - M.bottom + 12}>
        {short(lo)}
      </text>
      {zero !== null && zero > M.left + 30 && zero < W - 40 && (
        <text className={s.label} x={zero} y={H - M.bottom + 12} textAnchor="middle">
          £0
        </text>
      )}
      <text className={s.label} x={W - M.right} y={H - M.bottom + 12} textAnchor="end">
        {short(hi)}
      </text>
      <text className={s.label} x={W / 2} y={H - 2} textAnchor="middle">
        Result for the year, GBP (+ = gain)
      </text>
    </svg>
  );
}
