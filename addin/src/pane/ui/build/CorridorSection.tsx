import { Button, Field, Select, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import type { RiskShareSpec } from '../../../../../shared/core/scenario/index.ts';
import { corridorCurve, presetOptions, presetSpec } from '../../core/corridorCurve.ts';
import type { Draft } from '../../core/draft.ts';
import { LineChart } from '../charts/LineChart.tsx';
import { usePane } from '../context.tsx';
import { DataTable, Details, Muted, Row, Section } from '../parts.tsx';
import { NumberField } from './fields.tsx';

const PRESETS = presetOptions();
const pct = (v: number) => `${(Math.round(v * 10000) / 100).toFixed(2)}%`;
type Side = RiskShareSpec['gain'] | RiskShareSpec['loss'];

function SideEditor({ title, side, onChange }: { title: string; side: Side; onChange: (s: Side) => void }) {
  const threshold = side.threshold.type === 'fixed' ? side.threshold.rate : undefined;
  return (
    <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
      <legend>{title}</legend>
      <Row>
        {threshold !== undefined ? (
          <NumberField
            label="Threshold"
            unit="%"
            scale={100}
            value={threshold}
            onChange={(v) => onChange({ ...side, threshold: { type: 'fixed', rate: v ?? 0 } })}
          />
        ) : (
          <Muted>
            Threshold:{' '}
            {side.threshold.type === 'mssp_table' ? 'MSSP table by population' : 'normal variation'}
          </Muted>
        )}
        <NumberField
          label="Cap"
          unit="% of budget"
          scale={100}
          optional
          hint="Empty: no cap"
          value={side.capRate ?? undefined}
          onChange={(v) => onChange({ ...side, capRate: v ?? null })}
        />
      </Row>
      {side.bands.map((b, i) => (
        <Row key={`${i}-${side.bands.length}`}>
          <NumberField
            label={`Band ${i + 1} up to`}
            unit="%"
            scale={100}
            optional
            hint={b.upTo === null ? 'open (no upper bound)' : undefined}
            value={b.upTo ?? undefined}
            onChange={(v) =>
              onChange({
                ...side,
                bands: side.bands.map((x, j) => (j === i ? { ...x, upTo: v ?? null } : x)),
              })
            }
          />
          <NumberField
            label={`Band ${i + 1} providers' rate`}
            unit="%"
            scale={100}
            value={b.providerRate}
            onChange={(v) =>
              onChange({
                ...side,
                bands: side.bands.map((x, j) => (j === i ? { ...x, providerRate: v ?? 0 } : x)),
              })
            }
          />
        </Row>
      ))}
      <Row>
        <Button
          size="small"
          onClick={() => {
            const last = side.bands.at(-1)!;
            const prev = side.bands.at(-2)?.upTo ?? 0;
            const bands = [
              ...side.bands.slice(0, -1),
              { ...last, upTo: prev + 0.05 },
              { upTo: null, providerRate: last.providerRate },
            ];
            onChange({ ...side, bands });
          }}
        >
          Add a band
        </Button>
        <Button
          size="small"
          disabled={side.bands.length < 2}
          onClick={() => {
            const bands = side.bands.slice(0, -1);
            bands[bands.length - 1] = { ...bands[bands.length - 1]!, upTo: null };
            onChange({ ...side, bands });
          }}
        >
          Remove the last band
        </Button>
      </Row>
    </fieldset>
  );
}

/** Gain/loss corridor (B10): a published preset (with the participant's cap choices) or a custom corridor, and a
 *  live chart of each party's share against the variance from budget, computed by the engine's settlement
 *  kernel, with its data table. */
export function CorridorSection({ draft }: { draft: Draft }) {
  const { store } = usePane();
  const rs = draft.riskShare;
  const isPreset = 'preset' in rs;
  const preset = isPreset ? PRESETS.find((p) => p.id === rs.preset) : undefined;
  const personYears = draft.population.practices.reduce(
    (a, p) => a + p.personYears.reduce((b, y) => b + y, 0),
    0,
  );
  const curve = useMemo(() => {
    try {
      return { points: corridorCurve(rs, personYears), error: null };
    } catch (e) {
      return { points: null, error: (e as Error).message };
    }
  }, [rs, personYears]);
  const setRs = (next: Draft['riskShare']) => store.edit((x) => ({ ...x, riskShare: next }));

  return (
    <Section title="Gain/loss corridor">
      {isPreset ? (
        <>
          <Field label="Published preset" size="small">
            <Select
              size="small"
              value={rs.preset}
              data-testid="preset"
              onChange={(_, d) => setRs({ preset: d.value })}
            >
              {PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title} ({p.confidence})
                </option>
              ))}
            </Select>
          </Field>
          {preset && (
            <Muted>
              Source: {preset.source}. {preset.notes}
            </Muted>
          )}
          <Row>
            <NumberField
              label="Gain cap"
              unit="% of budget"
              scale={100}
              optional
              hint="Empty: the preset's"
              value={rs.gainCapRate}
              onChange={(v) => {
                const { gainCapRate: _drop, ...rest } = rs;
                setRs(v === undefined ? rest : { ...rest, gainCapRate: v });
              }}
            />
            <NumberField
              label="Loss cap"
              unit="% of budget"
              scale={100}
              optional
              hint="Empty: the preset's"
              value={rs.lossCapRate}
              onChange={(v) => {
                const { lossCapRate: _drop, ...rest } = rs;
                setRs(v === undefined ? rest : { ...rest, lossCapRate: v });
              }}
            />
          </Row>
          <Button
            size="small"
            onClick={() => setRs({ ...presetSpec(rs.preset), label: `custom, from ${rs.preset}` })}
          >
            Customise the bands
          </Button>
        </>
      ) : (
        <>
          <Muted>
            Custom corridor ({rs.label}). Rates are the providers' share in each band of the result.
          </Muted>
          <Field label="Order" size="small">
            <Select
              size="small"
              value={rs.order}
              onChange={(_, d) => setRs({ ...rs, order: d.value as RiskShareSpec['order'] })}
            >
              <option value="share_then_cap">Share, then cap (MSSP)</option>
              <option value="cap_then_share">Cap, then share (NGACO)</option>
            </Select>
          </Field>
          <SideEditor
            title="Gains (spend below budget)"
            side={rs.gain}
            onChange={(g) => setRs({ ...rs, gain: g as RiskShareSpec['gain'] })}
          />
          <SideEditor
            title="Losses (spend above budget)"
            side={rs.loss}
            onChange={(l) => setRs({ ...rs, loss: l as RiskShareSpec['loss'] })}
          />
          <Button size="small" onClick={() => setRs({ preset: 'nhs_symmetric_50_50' })}>
            Back to a published preset
          </Button>
        </>
      )}
      {curve.error && <Muted testId="corridor-error">The corridor cannot be drawn: {curve.error}</Muted>}
      {curve.points && (
        <>
          <LineChart
            label={`Each party's share of the result against spend variance from budget: at 10% overspend the providers bear ${pct(-curve.points.find((p) => p.variance === 0.1)!.providers)} of budget, the commissioner ${pct(-curve.points.find((p) => p.variance === 0.1)!.commissioner)}.`}
            x={curve.points.map((p) => p.variance)}
            xTitle="Spend variance from budget (+ = overspend)"
            yTitle="Share of budget (+ = gain)"
            series={[
              {
                name: 'Providers (PACS)',
                values: curve.points.map((p) => p.providers),
                color: tokens.colorBrandForeground1,
              },
              {
                name: 'Commissioner',
                values: curve.points.map((p) => p.commissioner),
                color: tokens.colorPaletteDarkOrangeForeground1,
                dash: '5 3',
              },
            ]}
          />
          <Details summary="Data table: shares by spend variance">
            <DataTable caption="Each party's share of the result by spend variance, as a share of budget">
              <thead>
                <tr>
                  <th scope="col">Spend variance</th>
                  <th scope="col" className="num">
                    Providers
                  </th>
                  <th scope="col" className="num">
                    Commissioner
                  </th>
                </tr>
              </thead>
              <tbody data-testid="corridor-table">
                {curve.points
                  .filter((_, i) => i % 2 === 0)
                  .map((p) => (
                    <tr key={p.variance}>
                      <th scope="row">{pct(p.variance)}</th>
                      <td className="num">
                        {pct(p.providers)}
                        {p.capBinding ? ' (cap)' : ''}
                      </td>
                      <td className="num">{pct(p.commissioner)}</td>
                    </tr>
                  ))}
              </tbody>
            </DataTable>
          </Details>
          <Muted>
            Before the outcomes withhold and per-patient stop-loss, which depend on the year-end figures.
          </Muted>
        </>
      )}
    </Section>
  );
}
