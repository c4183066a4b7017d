import { Checkbox, Field, Select } from '@fluentui/react-components';
import type { Draft } from '../../core/draft.ts';
import { usePane } from '../context.tsx';
import { Muted, Row, Section } from '../parts.tsx';
import { NumberField, perYearFirst } from './fields.tsx';

/** Need adjustment and convergence (B4): the method, and the pace of change towards the need-based target. */
export function NeedSection({ draft }: { draft: Draft }) {
  const { store } = usePane();
  const need = draft.need;
  const pace = draft.convergence && 'pace' in draft.convergence ? draft.convergence.pace : undefined;
  const perYearAlpha = draft.convergence && 'alphaByYear' in draft.convergence;
  return (
    <Section title="Need adjustment and convergence">
      <Row>
        <Field label="Need adjustment" size="small">
          <Select
            size="small"
            value={need.method}
            disabled={need.method === 'risk_score'}
            onChange={(_, d) =>
              store.edit((x) => ({
                ...x,
                need:
                  d.value === 'weighted_capitation'
                    ? { method: 'weighted_capitation', normalise: 'population' }
                    : { method: 'none' },
              }))
            }
          >
            <option value="none">None</option>
            <option value="weighted_capitation">Weighted capitation (practice need index)</option>
            {need.method === 'risk_score' && (
              <option value="risk_score">Person risk scores (from the file)</option>
            )}
          </Select>
        </Field>
        {need.method === 'weighted_capitation' && (
          <Field label="Indices relative to" size="small">
            <Select
              size="small"
              value={need.normalise}
              onChange={(_, d) =>
                store.edit((x) => ({
                  ...x,
                  need: { method: 'weighted_capitation', normalise: d.value as 'population' | 'none' },
                }))
              }
            >
              <option value="population">this PACS (redistribute only)</option>
              <option value="none">the ICB (target may differ)</option>
            </Select>
          </Field>
        )}
      </Row>
      {perYearAlpha ? (
        <Muted>Convergence is set year by year in the scenario file.</Muted>
      ) : (
        <NumberField
          label="Pace of convergence: share of the gap closed each year"
          unit="%"
          scale={100}
          optional
          hint="Empty: stay on the historical budget"
          value={pace}
          onChange={(v) =>
            store.edit((x) => {
              const { convergence: _drop, ...rest } = x;
              return v === undefined ? rest : { ...rest, convergence: { pace: v } };
            })
          }
        />
      )}
    </Section>
  );
}

/** Trajectory and deficit (B7): uplift, efficiency, demand growth, and an existing deficit recovered over years. */
export function TrajectorySection({ draft }: { draft: Draft }) {
  const { store } = usePane();
  const t = draft.trajectory;
  const setRate = (key: 'costUplift' | 'efficiency' | 'nonDemographicGrowth') => (v: number | undefined) =>
    store.edit((x) => ({ ...x, trajectory: { ...x.trajectory, [key]: v ?? 0 } }));
  const perYear = [t.costUplift, t.efficiency, t.nonDemographicGrowth].some(Array.isArray);
  return (
    <Section title="Trajectory and deficit">
      {perYear && (
        <Muted>Some rates are set year by year; editing one sets a single rate for every year.</Muted>
      )}
      <Row>
        <NumberField
          label="Cost uplift"
          unit="%"
          scale={100}
          value={perYearFirst(t.costUplift)}
          onChange={setRate('costUplift')}
        />
        <NumberField
          label="Efficiency"
          unit="%"
          scale={100}
          value={perYearFirst(t.efficiency)}
          onChange={setRate('efficiency')}
        />
        <NumberField
          label="Demand growth"
          unit="%"
          scale={100}
          value={perYearFirst(t.nonDemographicGrowth)}
          onChange={setRate('nonDemographicGrowth')}
        />
      </Row>
      <Checkbox
        label="Existing deficit to recover"
        checked={!!t.deficit}
        onChange={(_, d) =>
          store.edit((x) => {
            const { deficit: _drop, ...rest } = x.trajectory;
            return {
              ...x,
              trajectory: d.checked ? { ...rest, deficit: { amount: 1_000_000, recoveryYears: 3 } } : rest,
            };
          })
        }
      />
      {t.deficit && (
        <Row>
          <NumberField
            label="Deficit per year"
            unit="GBP"
            value={t.deficit.amount}
            onChange={(v) =>
              store.edit((x) => ({
                ...x,
                trajectory: { ...x.trajectory, deficit: { ...x.trajectory.deficit!, amount: v ?? 0 } },
              }))
            }
          />
          <NumberField
            label="Recovered over"
            unit="years"
            value={t.deficit.recoveryYears}
            onChange={(v) =>
              store.edit((x) => ({
                ...x,
                trajectory: { ...x.trajectory, deficit: { ...x.trajectory.deficit!, recoveryYears: v ?? 1 } },
              }))
            }
          />
        </Row>
      )}
    </Section>
  );
}
