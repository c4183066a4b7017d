import { Button, Field, ProgressBar, Select, Text } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { formatGbp, formatRate } from '../../../../../shared/core/base/index.ts';
import { type RiskEstimate, type RiskResult, partyLabel, percentile, riskSheet } from '../../core/risk.ts';
import { type SimulationProgress, startSimulation } from '../../services/simulation.ts';
import { refOf } from '../ScenarioBar.tsx';
import { NumberField } from '../build/fields.tsx';
import { Histogram } from '../charts/Histogram.tsx';
import { usePane } from '../context.tsx';
import { messageOf } from '../errors.ts';
import { DataTable, Details, ExcelButton, Muted, Row, Section, YearOptions } from '../parts.tsx';
import { useStore } from '../store.ts';

const gbp = (e: RiskEstimate) => `${formatGbp(e.value)} ± ${formatGbp(e.se)}`;
const rate = (e: RiskEstimate) => `${formatRate(e.value, 1)} ± ${formatRate(e.se, 1)}`;

function Results({ r, version }: { r: RiskResult; version: string }) {
  const { services, store } = usePane();
  const insert = async () => {
    try {
      const sheet = await services.host.writeSheet(riskSheet(r, version));
      store.set({
        notice: {
          intent: 'success',
          text: `Inserted the results, a table and a chart, on sheet "${sheet}".`,
        },
      });
    } catch (e) {
      store.set({ notice: { intent: 'error', text: messageOf(e) } });
    }
  };
  return (
    <>
      <Section title="Key figures">
        <Muted>
          {r.trials.toLocaleString('en-GB')} trials, seed {r.seed}, {version}, year {r.year}. ± is the Monte
          Carlo standard error. Results in GBP, + = gain to the party.
        </Muted>
        <DataTable caption="Key figures by party with Monte Carlo errors">
          <thead>
            <tr>
              <th scope="col">Party</th>
              <th scope="col" className="num">
                Expected
              </th>
              <th scope="col" className="num">
                P(loss)
              </th>
              <th scope="col" className="num">
                VaR 95%
              </th>
              <th scope="col" className="num">
                TVaR 95%
              </th>
            </tr>
          </thead>
          <tbody data-testid="key-figures">
            {r.parties.map((p) => (
              <tr key={p.party} data-party={p.party}>
                <th scope="row">{partyLabel(p)}</th>
                <td className="num">{gbp(p.mean)}</td>
                <td className="num">{rate(p.pLoss)}</td>
                <td className="num">{gbp(p.var95)}</td>
                <td className="num">{gbp(p.tvar95)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
        <Muted testId="cap-probabilities">
          P(providers' gain cap binds) {rate(r.probabilities.gainCapBinds)}; P(loss cap binds){' '}
          {rate(r.probabilities.lossCapBinds)}; P(any stop-loss recovery) {rate(r.probabilities.anyStopLoss)}.
        </Muted>
        <ExcelButton size="small" onClick={() => void insert()}>
          Insert results as an Excel table and chart
        </ExcelButton>
      </Section>
      {r.parties.map((p) => (
        <Section key={p.party} title={`${partyLabel(p)}: distribution`} label={`histogram-${p.party}`}>
          <Histogram
            id={p.party}
            bins={p.histogram}
            label={`Histogram of the ${partyLabel(p)} result: P(loss) ${formatRate(p.pLoss.value, 1)}, 5th percentile ${formatGbp(percentile(p, 0.05) ?? 0)}, median ${formatGbp(percentile(p, 0.5) ?? 0)}, 95th percentile ${formatGbp(percentile(p, 0.95) ?? 0)}.`}
          />
          <Details summary={`Data table: ${partyLabel(p)} histogram`}>
            <DataTable caption={`${partyLabel(p)}: share of trials by result`}>
              <thead>
                <tr>
                  <th scope="col">From GBP</th>
                  <th scope="col">To GBP</th>
                  <th scope="col" className="num">
                    Trials
                  </th>
                  <th scope="col">Region</th>
                </tr>
              </thead>
              <tbody>
                {p.histogram.map((b) => (
                  <tr key={b.from}>
                    <td>{formatGbp(b.from)}</td>
                    <td>{formatGbp(b.to)}</td>
                    <td className="num">{formatRate(b.share, 1)}</td>
                    <td>{b.to <= 0 ? 'loss' : b.from < 0 ? 'partly loss' : 'gain'}</td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          </Details>
        </Section>
      ))}
    </>
  );
}

/** Risk: a Monte Carlo run of a saved version through the real settlement, with progress and Cancel; each party's
 *  histogram with the loss region; key figures with their Monte Carlo errors; insertion into the workbook. */
export function RiskView() {
  const { services, store } = usePane();
  const base = useStore(store, (s) => s.base);
  const [year, setYear] = useState(1);
  const [trials, setTrials] = useState(10_000);
  const [seed, setSeed] = useState(1);
  const [progress, setProgress] = useState<SimulationProgress | null>(null);
  const run = useRef<ReturnType<typeof startSimulation> | null>(null);
  useEffect(() => () => void run.current?.cancel(), []);

  if (!base) return <Muted>Save or open a scenario first: a run is a record of one saved version.</Muted>;
  const running =
    progress?.state === 'submitting' || progress?.state === 'queued' || progress?.state === 'running';
  const start = () => {
    run.current = startSimulation(services, { scenario: refOf(base), year, trials, seed }, setProgress);
  };
  const fraction =
    progress && 'total' in progress && progress.total > 0 ? progress.done / progress.total : undefined;

  return (
    <>
      <Section title={`Simulate ${base.scenario.name} v${base.version}`}>
        <Row>
          <Field label="Contract year" size="small">
            <Select size="small" value={String(year)} onChange={(_, d) => setYear(Number(d.value))}>
              <YearOptions count={base.scenario.contract.years} />
            </Select>
          </Field>
          <NumberField
            label="Trials"
            value={trials}
            onChange={(v) => setTrials(Math.max(1, Math.round(v ?? 1)))}
            testId="trials"
          />
          <NumberField label="Seed" value={seed} onChange={(v) => setSeed(Math.max(0, Math.round(v ?? 0)))} />
        </Row>
        <Row>
          <Button appearance="primary" size="small" disabled={running} onClick={start}>
            Run simulation
          </Button>
          <Button size="small" disabled={!running} onClick={() => void run.current?.cancel()}>
            Cancel
          </Button>
        </Row>
        {progress && (
          <Field
            label="Progress"
            size="small"
            validationState={progress.state === 'failed' ? 'error' : 'none'}
            validationMessage={
              progress.state === 'failed'
                ? progress.message
                : progress.state === 'cancelled'
                  ? 'Cancelled: the run was stopped on the service.'
                  : progress.state === 'succeeded'
                    ? 'Finished.'
                    : progress.state === 'running'
                      ? `Running: ${progress.done.toLocaleString('en-GB')} of ${progress.total.toLocaleString('en-GB')} trials`
                      : progress.state === 'queued'
                        ? 'Queued'
                        : 'Submitting'
            }
          >
            <ProgressBar
              value={progress.state === 'succeeded' ? 1 : fraction}
              max={1}
              aria-label="Simulation progress"
              data-testid="progress"
              data-state={progress.state}
              data-run={'runId' in progress ? progress.runId : undefined}
            />
          </Field>
        )}
        {progress?.state === 'running' && (
          <Text aria-live="polite" className="sr-only">
            {fraction !== undefined ? `${Math.floor(fraction * 100)}%` : ''}
          </Text>
        )}
      </Section>
      {progress?.state === 'succeeded' && <Results r={progress.result} version={progress.scenario} />}
    </>
  );
}
