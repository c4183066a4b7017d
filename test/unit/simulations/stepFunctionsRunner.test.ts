import { describe, expect, it } from 'vitest';
import { lazyStepFunctionsRunner } from '../../../functions/compose.ts';
import { createStepFunctionsRunner, planChunks } from '../../../functions/simulations/aws/index.ts';
import type { OrgId } from '../../../functions/store/ports.ts';
import { UnavailableError } from '../../../shared/contract/errors/index.ts';
import { MemoryObjectStore } from '../../support/memoryObjectStore.ts';

/* The runner at the AWS boundary: what it stages, what it asks Step Functions, and what a caller sees when Step
 * Functions is unreachable. The Step Functions client is a recorder (the service cannot run here). */

const SM = 'arn:aws:states:eu-west-2:123456789012:stateMachine:PacsCapitation-prod-simulations';
const ORG = 'QOP' as OrgId;
const RUN = 'r_abcdefghijklmnopqrst';

function setup(fail = false) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const failed: unknown[] = [];
  const objects = new MemoryObjectStore();
  const runner = createStepFunctionsRunner({
    sfn: {
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        sent.push({ name: command.constructor.name, input: command.input });
        if (fail) throw Object.assign(new Error('unreachable'), { name: 'TimeoutError' });
        return {};
      },
    } as never,
    stateMachineArn: SM,
    objects,
    runs: { fail: async (...args: unknown[]) => failed.push(args) } as never,
  });
  return { runner, sent, failed, objects };
}

describe('Step Functions runner', () => {
  it('stages the job and the chunk plan, then starts an execution named after the run', async () => {
    const { runner, sent, objects } = setup();
    await runner.start(ORG, RUN, { scenario: { name: 'x' }, options: { trials: 12_345, seed: 9 } });
    expect(objects.keys()).toEqual([`runs/QOP/${RUN}/chunks.json`, `runs/QOP/${RUN}/job.json`]);
    const chunks = JSON.parse(new TextDecoder().decode(await objects.get(`runs/QOP/${RUN}/chunks.json`)));
    expect(chunks).toEqual(planChunks(12_345, 'fast'));
    expect(chunks.at(-1)).toEqual({ from: 12_000, to: 12_345 }); // chunks of 2,000 cover every trial once
    expect(sent).toHaveLength(1);
    expect(sent[0]!.name).toBe('StartExecutionCommand');
    expect(sent[0]!.input.name).toBe(`QOP-${RUN}`);
    expect(JSON.parse(sent[0]!.input.input as string)).toEqual({
      org: 'QOP',
      runId: RUN,
      jobKey: `runs/QOP/${RUN}/job.json`,
      chunksKey: `runs/QOP/${RUN}/chunks.json`,
      trials: 12_345,
    });
  });

  it('cancel stops that execution (its ARN derived from the state machine and the run)', async () => {
    const { runner, sent } = setup();
    await runner.cancel!(ORG, RUN);
    expect(sent[0]).toEqual({
      name: 'StopExecutionCommand',
      input: {
        executionArn: `arn:aws:states:eu-west-2:123456789012:execution:PacsCapitation-prod-simulations:QOP-${RUN}`,
        cause: 'cancelled',
      },
    });
  });

  it('when Step Functions cannot be reached: the run is marked failed (never stuck queued) and the caller gets 503', async () => {
    const { runner, failed } = setup(true);
    await expect(runner.start(ORG, RUN, { scenario: {}, options: { trials: 10 } })).rejects.toBeInstanceOf(
      UnavailableError,
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject([ORG, RUN, { code: 'unavailable' }]);
  });

  it('plans person-level runs in smaller chunks than fast ones, never empty and never overlapping', () => {
    for (const [trials, method] of [
      [1, 'fast'],
      [1_000_000, 'fast'],
      [20_000_000, 'fast'],
      [100_000, 'person'],
      [7, 'person'],
    ] as const) {
      const plan = planChunks(trials, method);
      expect(plan[0]!.from).toBe(0);
      expect(plan.at(-1)!.to).toBe(trials);
      plan.forEach((c, i) => {
        expect(c.to).toBeGreaterThan(c.from);
        if (i > 0) expect(c.from).toBe(plan[i - 1]!.to);
      });
    }
    expect(planChunks(1_000_000, 'fast')[0]!.to).toBe(5_000); // 1,000,000 / 200
    expect(planChunks(100_000, 'person')[0]!.to).toBe(250); // 100,000 / 400
  });
});

describe('the Lambda API runner (lazyStepFunctionsRunner)', () => {
  const region = 'eu-west-2';
  it('refuses at start a function deployed without its state machine or bucket (not at its first simulation)', () => {
    const runs = {} as never;
    expect(() => lazyStepFunctionsRunner({ AWS_REGION: region, SIMULATION_BUCKET: 'b' }, runs)).toThrow(
      /SIMULATION_STATE_MACHINE_ARN and SIMULATION_BUCKET are required/,
    );
    expect(() =>
      lazyStepFunctionsRunner({ AWS_REGION: region, SIMULATION_STATE_MACHINE_ARN: SM }, runs),
    ).toThrow(/required/);
    const runner = lazyStepFunctionsRunner(
      { AWS_REGION: region, SIMULATION_STATE_MACHINE_ARN: SM, SIMULATION_BUCKET: 'b' },
      runs,
    );
    expect(typeof runner.start).toBe('function');
    expect(typeof runner.cancel).toBe('function');
  });
});
