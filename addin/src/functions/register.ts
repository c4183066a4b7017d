import { FUNCTIONS, type FunctionSpec } from '../../../shared/contract/operations/index.ts';
import type { OperationName, OperationValue } from '../../../shared/contract/wire/index.ts';
import type { EngineGateway, ScenarioLibrary, SimulationJobs } from '../gateway/index.ts';
import { PreviewError } from './argumentError.ts';
import { parseArguments } from './arguments.ts';
import { toExcelError } from './excelErrors.ts';
import type { CustomFunctionsHost, Invocation } from './host.ts';
import { toExcelValue } from './results.ts';

export interface FunctionDependencies {
  gateway: EngineGateway;
  library: ScenarioLibrary;
  simulations: SimulationJobs;
}

/** Associates every function of the catalogue with Excel. Each takes the invocation as the last of its
 *  arguments, whatever Excel's (possibly stale) metadata made it pass before, validates the rest, and always
 *  settles: a value, or #VALUE! / #N/A with a message. Returns the ids associated. */
export function registerFunctions(
  host: CustomFunctionsHost,
  deps: FunctionDependencies | (() => Promise<FunctionDependencies>),
  catalogue: readonly FunctionSpec[] = FUNCTIONS,
): string[] {
  const ready = typeof deps === 'function' ? deps : () => Promise.resolve(deps);
  for (const spec of catalogue) host.associate(spec.id, implement(host, ready, spec));
  return catalogue.map((s) => s.id);
}

function implement(
  host: CustomFunctionsHost,
  ready: () => Promise<FunctionDependencies>,
  spec: FunctionSpec,
) {
  const fail = (e: unknown) => toExcelError(host, e, spec);
  const split = (all: unknown[]) => {
    const last = all.at(-1);
    const invocation = (
      last !== null && typeof last === 'object' && !Array.isArray(last) ? last : {}
    ) as Invocation;
    return { invocation, values: all.slice(0, -1) };
  };

  if (spec.stream) {
    // Streaming functions return nothing; results and errors go through setResult (a thrown error is ignored).
    return (...all: unknown[]) => {
      const { invocation, values } = split(all);
      const setResult = (v: unknown) => invocation.setResult?.(v);
      if (invocation.isInValuePreview) return setResult(fail(new PreviewError()));
      try {
        const { byName, overrides } = parseArguments(spec, values);
        let cancelled = false;
        let detach = () => {
          cancelled = true;
        };
        invocation.onCanceled = () => detach();
        ready().then(
          (deps) => {
            if (cancelled) return;
            detach = deps.simulations.watch(
              {
                scenario: String(byName.scenario),
                year: Number(byName.year),
                trials: byName.trials === undefined ? undefined : Number(byName.trials),
                seed: byName.seed === undefined ? undefined : Number(byName.seed),
                overrides,
              },
              (u) => setResult(u.ok ? toExcelValue(u.value, spec) : fail(u.error)),
            );
          },
          (e: unknown) => setResult(fail(e)),
        );
      } catch (e) {
        setResult(fail(e));
      }
    };
  }

  const run = async (values: unknown[], invocation: Invocation): Promise<OperationValue> => {
    const parsed = parseArguments(spec, values);
    const deps = await ready();
    switch (spec.transport) {
      case 'calc': {
        const call = { fn: spec.id as OperationName, args: parsed.args, overrides: parsed.overrides };
        if (invocation.isInValuePreview) {
          const cached = deps.gateway.cached(call);
          if (cached === undefined) throw new PreviewError();
          return cached;
        }
        const pending = deps.gateway.calculate(call);
        invocation.onCanceled = () => pending.cancel('the cell changed');
        return pending.promise;
      }
      case 'scenario':
        if (invocation.isInValuePreview) throw new PreviewError();
        return deps.library.handle(String(parsed.byName.scenario));
      case 'scenarios':
        if (invocation.isInValuePreview) throw new PreviewError();
        return deps.library.list(parsed.byName.include_archived === true);
      default:
        throw new Error(`${spec.id} has no implementation for ${spec.transport}`);
    }
  };

  return async (...all: unknown[]) => {
    const { invocation, values } = split(all);
    try {
      return toExcelValue(await run(values, invocation), spec);
    } catch (e) {
      throw fail(e);
    }
  };
}
