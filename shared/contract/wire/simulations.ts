import * as z from 'zod';
import { strictObject } from '../../core/base/index.ts';
import { MAX_OVERRIDES, Override } from './calc.ts';
import { ScenarioRef } from './scenarioRef.ts';
import { SimulationOptions } from '../../core/simulation/index.ts';

/** Simulation run ids are server-generated: `r_` + 20 base32 characters (functions/store/ids.ts). The one pattern
 *  the routes and the OpenAPI document use; anything else is refused before it reaches storage. */
export const SIMULATION_ID_PATTERN = 'r_[a-z2-7]{20}';
export const SimulationId = z
  .string()
  .regex(
    new RegExp(`^${SIMULATION_ID_PATTERN}$`),
    'is not a simulation id (r_ and 20 letters a-z or digits 2-7)',
  );

/** Trials one API run may ask for (the CLI has no such limit). */
export const MAX_API_TRIALS = 2_000_000;

/** Body of POST /v1/simulations. The server pins the scenario version and chooses the workers. */
export const SimulationRequest = strictObject({
  scenario: ScenarioRef,
  options: SimulationOptions.omit({ workers: true })
    .extend({
      trials: SimulationOptions.shape.trials
        .unwrap()
        .max(MAX_API_TRIALS, 'must be at most 2,000,000 in one run of the API')
        .default(10_000),
    })
    .prefault({}),
  /** What-if changes applied to the pinned version before the run (as for POST /v1/calc). */
  overrides: z.array(Override).max(MAX_OVERRIDES).optional(),
});
export type SimulationRequest = z.output<typeof SimulationRequest>;

/** Idempotency-Key header: the client's id for this submission (retries reuse it). */
export const IdempotencyKey = z
  .string({ error: 'Idempotency-Key header is required (any unique string per submission)' })
  .regex(/^[\x21-\x7e]{8,200}$/, 'Idempotency-Key must be 8-200 visible ASCII characters');

export const SimulationStatus = z.object({
  id: SimulationId,
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  /** The scenario version the run uses (`s_...@n`). */
  scenario: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** Present once succeeded: the SimulationResult. */
  result: z.unknown().optional(),
});
export type SimulationStatus = z.infer<typeof SimulationStatus>;
