import { calculate } from '../shared/core/engine/index.ts';
import { type Scenario, parseScenario } from '../shared/core/scenario/index.ts';
import type { ScenarioInput } from '../shared/core/scenario/index.ts';
import { buildIcbScaleScenario } from './icbScenario.ts';
import { cpuMs, mb } from './timing.ts';

/* calculate() on the ICB-scale scenario against an honest floor measured in the same run, and a growth table. */

/** The floor: what the result needs, touched once per year on typed arrays, nothing else. Per year: each
 *  practice x segment person-year projected and weighted by its practice's need into neighbourhood x segment
 *  (one pass, the projected cells written as the result keeps them), then each line x neighbourhood x segment cell
 *  computed once (weighted person-years x PPPY x the year's scale), written to the budget cube, split to the
 *  provider cube and added to the segment and neighbourhood totals (one pass). Fresh output arrays each call, as
 *  a result needs; no names, no explanation trail, no deficit path (the scale is taken as given). */
function floorOf(scenario: Scenario) {
  const pop = scenario.population;
  const P = pop.practices.length;
  const S = pop.segments.length;
  const N = pop.neighbourhoods.length;
  const L = scenario.serviceLines.length;
  const K = scenario.providers.length;
  const years = scenario.contract.years;
  const base = new Float64Array(P * S);
  pop.practices.forEach((p, i) => {
    base.set(p.personYears, i * S);
  });
  const nb = new Int32Array(
    pop.practices.map((p) => pop.neighbourhoods.findIndex((n) => n.id === p.neighbourhood)),
  );
  const need = Float64Array.from(pop.practices, (p) => p.needIndex ?? 1);
  const pppy = new Float64Array(L * S);
  scenario.serviceLines.forEach((l, i) => pppy.set(l.baselinePppy, i * S));
  const provider = new Int32Array(
    scenario.serviceLines.map((l) => scenario.providers.findIndex((p) => p.id === l.providers[0]!.provider)),
  );
  const growth = new Float64Array(S).fill(1.004);
  const factor = new Float64Array(S);
  return () => {
    let check = 0;
    factor.fill(1);
    for (let y = 0; y <= years; y++) {
      const cells = new Float64Array(P * S);
      const weighted = new Float64Array(N * S);
      for (let p = 0; p < P; p++) {
        const o = p * S;
        const w = nb[p]! * S;
        const m = need[p]!;
        for (let s = 0; s < S; s++) {
          const v = base[o + s]! * factor[s]!;
          cells[o + s] = v;
          weighted[w + s]! += v * m;
        }
      }
      const values = new Float64Array(L * N * S);
      const providers = new Float64Array(K * N * S);
      const segment = new Float64Array(S);
      const neighbourhood = new Float64Array(N);
      const scale = 1 + y * 1e-3;
      for (let l = 0; l < L; l++) {
        const k = provider[l]! * N * S;
        for (let n = 0; n < N; n++) {
          const o = (l * N + n) * S;
          let t = 0;
          for (let s = 0; s < S; s++) {
            const v = weighted[n * S + s]! * pppy[l * S + s]! * scale;
            values[o + s] = v;
            providers[k + n * S + s]! += v;
            segment[s]! += v;
            t += v;
          }
          neighbourhood[n]! += t;
        }
      }
      for (let s = 0; s < S; s++) factor[s]! *= growth[s] ?? 1;
      check += values[values.length - 1]! + providers[0]! + segment[0]! + neighbourhood[0]! + cells[0]!;
    }
    return check;
  };
}

/** The scenario with `k` copies of every neighbourhood and its practices (k = 1: as given), and the first
 *  `lines` service lines. */
function grown(input: ScenarioInput, k: number, lines: number): ScenarioInput {
  const pop = input.population;
  const copies = Array.from({ length: k }, (_, c) => c);
  return {
    ...input,
    population: {
      ...pop,
      neighbourhoods: copies.flatMap((c) => pop.neighbourhoods.map((n) => ({ ...n, id: `${n.id}_${c}` }))),
      practices: copies.flatMap((c) =>
        pop.practices.map((p) => ({ ...p, id: `${p.id}_${c}`, neighbourhood: `${p.neighbourhood}_${c}` })),
      ),
    },
    serviceLines: input.serviceLines.slice(0, lines),
  };
}

/** Best CPU ms of `runs` calls after `warmup`. */
function best(fn: () => unknown, runs: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) fn();
  let b = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) b = Math.min(b, cpuMs(fn));
  return b;
}

export function benchCalculate(): { figures: Record<string, number | string>; failures: string[] } {
  const input = buildIcbScaleScenario();
  const scenario = parseScenario(input);
  const people = scenario.population.practices.reduce(
    (a, p) => a + p.personYears.reduce((x, v) => x + v, 0),
    0,
  );
  // Interleaved, best of 30 each: the machine is shared.
  const floor = floorOf(scenario);
  let calcMs = Number.POSITIVE_INFINITY;
  let floorMs = Number.POSITIVE_INFINITY;
  best(() => calculate(scenario), 3, 10);
  best(floor, 3, 10);
  for (let r = 0; r < 30; r++) {
    calcMs = Math.min(
      calcMs,
      cpuMs(() => calculate(scenario)),
    );
    floorMs = Math.min(floorMs, cpuMs(floor));
  }
  const formsMs = best(() => calculate(scenario, { compareForms: true }), 15, 5);
  const cubeBytes = calculate(scenario).years.reduce((a, y) => a + y.budget.values.byteLength, 0);
  const ratio = calcMs / floorMs;
  const failures = ratio <= 4 ? [] : [`calculate is ${ratio.toFixed(1)}x the floor (goal <= 4)`];
  const rss = mb(process.resourceUsage().maxRSS * 1024); // before the growth table's larger scenarios
  if (rss >= 300) failures.push(`calculate's process peaked at ${rss} MB (goal < 300)`);

  // Growth: cost per (practices x segments + lines x neighbourhoods x segments) per year should stay flat.
  const S = scenario.population.segments.length;
  const rows: string[] = [];
  const perCell: number[] = [];
  for (const [k, lines] of [
    [1, 5],
    [1, 15],
    [2, 15],
    [4, 15],
    [8, 15],
  ] as const) {
    const s = parseScenario(grown(input, k, lines));
    const P = s.population.practices.length;
    const N = s.population.neighbourhoods.length;
    const cells = (P * S + lines * N * S) * (s.contract.years + 1);
    const ms = best(() => calculate(s), 7, 3);
    perCell.push((ms * 1e6) / cells);
    rows.push(
      `  P ${String(P).padStart(4)}  N ${String(N).padStart(3)}  L ${String(lines).padStart(2)}  S ${S}  cells x years ${String(cells).padStart(9)}  ${ms.toFixed(1).padStart(7)} ms  ${((ms * 1e6) / cells).toFixed(2)} ns/cell`,
    );
  }
  const spread = Math.max(...perCell) / Math.min(...perCell);
  if (spread > 2)
    failures.push(`calculate's cost per cell varies ${spread.toFixed(1)}x across sizes (not linear)`);
  return {
    figures: {
      scenario: `${Math.round(people).toLocaleString('en-GB')} people, ${scenario.population.practices.length} practices, ${S} segments, ${scenario.population.neighbourhoods.length} neighbourhoods, ${scenario.serviceLines.length} lines, ${scenario.contract.years} years`,
      'calculate, best CPU ms of 30': round(calcMs),
      'baseline: floor (one typed-array pass per year), ms': round(floorMs),
      'ratio calculate / floor (goal <= 4)': round(ratio),
      'calculate with 3 forms, best CPU ms': round(formsMs),
      'budget cubes in the result MB': mb(cubeBytes),
      'peak RSS MB so far, this process (goal < 300)': rss,
      'growth (cost per cell-year should stay flat)': `\n${rows.join('\n')}\n  spread of ns/cell: ${spread.toFixed(2)}x`,
    },
    failures,
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
