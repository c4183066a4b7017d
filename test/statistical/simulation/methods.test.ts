import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../../shared/core/scenario/scenario.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import type { SimulationOptionsInput } from '../../../shared/core/simulation/options.ts';
import type { SimulationResult } from '../../../shared/core/simulation/resultTypes.ts';
import { chunkRanges, resultOf } from '../../../shared/core/simulation/simulate.ts';
import { mergeOutcomes, runChunk } from '../../../shared/core/simulation/chunk.ts';
import { buildModel } from '../../../shared/core/simulation/model.ts';
import { parseSimulationOptions } from '../../../shared/core/simulation/options.ts';
import { calculate } from '../../../shared/core/engine/calculate.ts';
import type { Scenario } from '../../../shared/core/scenario/scenario.ts';
import type { Estimate } from '../../../shared/core/simulation/stats.ts';
import { zScore } from '../../support/simulation.ts';
import { neighbourhoodScenario, placeScenario } from '../../fixtures/simulationScenarios.ts';

/* The fast method (pooled CLT bulk + explicit tail + mid band) against the brute-force person-level method on
 * every example scenario and the synthetic ones: every compared estimate within 4 combined standard errors
 * (about 40 comparisons per scenario, so 4 rather than 3 keeps the family-wise false alarm rate near 0.3%).
 * The examples run at their full size (150,000-235,000 people: the person-level kernel draws ~40 million people
 * a second), with fewer person-level trials; the place scenario is scaled to about 10,000 people. */

const PEOPLE = 10_000;

/** The scenario with every practice's person-years (and exclusions) scaled so the list has about `people`. */
function scaled(input: ScenarioInput, people: number): ScenarioInput {
  const total = input.population.practices.reduce((a, p) => a + p.personYears.reduce((x, v) => x + v, 0), 0);
  const f = people / total;
  return {
    ...input,
    population: {
      ...input.population,
      practices: input.population.practices.map((p) => ({
        ...p,
        personYears: p.personYears.map((v) => v * f),
      })),
      exclusions: (input.population.exclusions ?? []).map((x) => ({ ...x, personYears: x.personYears * f })),
    },
  };
}

const examples = readdirSync(new URL('../../../examples', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    name: f,
    input: JSON.parse(
      readFileSync(new URL(`../../../examples/${f}`, import.meta.url), 'utf8'),
    ) as ScenarioInput,
  }));

const cases: {
  name: string;
  input: ScenarioInput;
  options: SimulationOptionsInput;
  personTrials?: number;
}[] = [
  ...examples.map((e) => ({
    name: `example ${e.name} (full size)`,
    input: e.input,
    options: {},
    personTrials: 1_000,
  })),
  { name: 'neighbourhood, corridor + stop-loss', input: neighbourhoodScenario(), options: {} },
  {
    name: 'neighbourhood, lognormal tail, CV by segment',
    input: neighbourhoodScenario(),
    options: { calibration: { tail: { type: 'lognormal' }, cv: { s0: 1.8, s1: 2.2, s2: 2.6, s3: 3 } } },
  },
  {
    name: 'place scaled, tiered corridor, epidemic',
    input: scaled(placeScenario(), PEOPLE),
    options: { shocks: { epidemic: { probability: 0.3, mean: 0.06, sd: 0.02 } } },
  },
];

function compare(fast: SimulationResult, person: SimulationResult): [string, number][] {
  const z: [string, number][] = [];
  const add = (name: string, a: Estimate, b: Estimate) => z.push([name, zScore(a, b)]);
  for (const party of ['pacs', 'commissioner']) {
    const f = fast.parties.find((p) => p.party === party)!;
    const p = person.parties.find((q) => q.party === party)!;
    add(`${party} mean`, f.mean, p.mean);
    add(`${party} sd`, f.sd, p.sd);
    add(`${party} P(loss)`, f.pLoss, p.pLoss);
    add(`${party} VaR95`, f.var95, p.var95);
    add(`${party} TVaR95`, f.tvar95, p.tvar95);
    for (const k of [1, 4, 7]) add(`${party} p${f.percentiles[k]!.p}`, f.percentiles[k]!, p.percentiles[k]!);
  }
  add('spend mean', fast.spend.mean, person.spend.mean);
  add('spend sd', fast.spend.sd, person.spend.sd);
  add('spend p95', fast.spend.percentiles[7]!, person.spend.percentiles[7]!);
  add('specific recovery', fast.means.specificRecovery, person.means.specificRecovery);
  add('patients above attachment', fast.means.patientsAboveAttachment, person.means.patientsAboveAttachment);
  for (const k of ['gainCapBinds', 'lossCapBinds', 'anyStopLoss', 'aggregateStopLoss'] as const) {
    const a = fast.probabilities[k];
    const b = person.probabilities[k];
    // Binomial SE from the pooled proportion (an estimate of 0 has SE 0 on its own).
    const pooled = (a.value * fast.trials + b.value * person.trials) / (fast.trials + person.trials);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / fast.trials + 1 / person.trials));
    z.push([k, se > 0 ? Math.abs(a.value - b.value) / se : 0]);
  }
  return z;
}

/** simulate(), in chunks with the event loop free between them (a full-size person-level run takes tens of
 *  seconds; the test runner's worker must keep answering its RPC meanwhile). Same result: chunks merge exactly. */
async function simulate(scenario: Scenario, input: SimulationOptionsInput): Promise<SimulationResult> {
  const options = parseSimulationOptions(input);
  const model = buildModel(scenario, options, calculate(scenario));
  const chunks = [];
  for (const [a, b] of chunkRanges(options.trials, 50)) {
    chunks.push(runChunk(model, a, b));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return resultOf(scenario.name, model, mergeOutcomes(options.trials, chunks));
}

describe('fast method agrees with the person-level method within Monte Carlo error', () => {
  it('there are example scenarios to check', () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  for (const c of cases)
    it(c.name, async () => {
      const scenario = parseScenario(c.input);
      const fast = await simulate(scenario, { ...c.options, trials: 20_000, seed: 2024, method: 'fast' });
      const person = await simulate(scenario, {
        ...c.options,
        trials: c.personTrials ?? 2_500,
        seed: 7,
        method: 'person',
      });
      expect(fast.fast, 'the fast method must not fall back to drawing every person').not.toBeNull();
      const all = compare(fast, person);
      if (process.env.SIM_DEBUG)
        console.log(c.name, JSON.stringify(fast.fast), all.map(([k, z]) => `${k}=${z.toFixed(1)}`).join(' '));
      const bad = all.filter(([, z]) => !(z <= 4));
      expect(bad, JSON.stringify(bad)).toEqual([]);
    });
});
