import { makeStyles, tokens } from '@fluentui/react-components';

export interface Series {
  name: string;
  values: number[];
  /** Solid or dashed: series differ by line style as well as colour (contrast themes, colour blindness). */
  dash?: string;
  color: string;
}

const useStyles = makeStyles({
  svg: { width: '100%', height: 'auto', display: 'block', overflow: 'visible' },
  axis: { stroke: tokens.colorNeutralForeground3, strokeWidth: 1 },
  grid: { stroke: tokens.colorNeutralStroke2, strokeWidth: 1 },
  label: { fill: tokens.colorNeutralForeground2, fontSize: '10px' },
  legend: { display: 'flex', gap: '12px', flexWrap: 'wrap', fontSize: tokens.fontSizeBase200 },
});

const W = 320;
const H = 190;
const M = { left: 40, right: 16, top: 8, bottom: 30 };
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;

/** A plain SVG line chart (no chart library: a few hundred bytes, and nothing for assistive technology to trip
 *  on). The picture is one labelled image; the numbers are in the data table beside it. */
export function LineChart(props: {
  x: number[];
  series: Series[];
  label: string;
  xTitle: string;
  yTitle: string;
}) {
  const s = useStyles();
  const { x, series } = props;
  const all = series.flatMap((v) => v.values);
  const lo = Math.min(0, ...all);
  const hi = Math.max(0, ...all);
  const pad = (hi - lo || 1) * 0.08;
  const [y0, y1] = [lo - pad, hi + pad];
  const [x0, x1] = [x[0]!, x[x.length - 1]!];
  const px = (v: number) => M.left + ((v - x0) / (x1 - x0 || 1)) * (W - M.left - M.right);
  const py = (v: number) => M.top + ((y1 - v) / (y1 - y0)) * (H - M.top - M.bottom);
  const xTicks = [x0, x0 / 2, 0, x1 / 2, x1];
  const yTicks = [y0 + pad, (y0 + y1) / 2, y1 - pad].concat(lo < 0 && hi > 0 ? [0] : []);
  return (
    <figure style={{ margin: 0 }}>
      <svg className={s.svg} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label}>
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line className={s.grid} x1={M.left} x2={W - M.right} y1={py(t)} y2={py(t)} />
            <text className={s.label} x={M.left - 4} y={py(t) + 3} textAnchor="end">
              {pct(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} className={s.label} x={px(t)} y={H - M.bottom + 12} textAnchor="middle">
            {pct(t)}
          </text>
        ))}
        <line className={s.axis} x1={px(0)} x2={px(0)} y1={M.top} y2={H - M.bottom} />
        <line className={s.axis} x1={M.left} x2={W - M.right} y1={py(0)} y2={py(0)} />
        {series.map((v) => (
          <polyline
            key={v.name}
            fill="none"
            stroke={v.color}
            strokeWidth={2}
            strokeDasharray={v.dash}
            points={v.values.map((y, i) => `${px(x[i]!)},${py(y)}`).join(' ')}
          />
        ))}
        <text className={s.label} x={(M.left + W - M.right) / 2} y={H - 2} textAnchor="middle">
          {props.xTitle}
        </text>
      </svg>
      <figcaption className={s.legend} aria-hidden="true">
        {series.map((v) => (
          <span key={v.name}>
            <svg width="24" height="8" aria-hidden="true">
              <line x1="0" x2="24" y1="4" y2="4" stroke={v.color} strokeWidth="2" strokeDasharray={v.dash} />
            </svg>{' '}
            {v.name}
          </span>
        ))}
        <span>{props.yTitle}</span>
      </figcaption>
    </figure>
  );
}
