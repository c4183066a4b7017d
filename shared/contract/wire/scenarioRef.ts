import * as z from 'zod';
import { SCENARIO_ID_PATTERN } from './scenarios.ts';

/** `s_abc...@7` (a version) or `s_abc...` (latest). */
export const ScenarioRef = z
  .string({ error: 'expected a scenario reference such as s_abcdefghijklmnopqrst@3' })
  .regex(
    new RegExp(`^${SCENARIO_ID_PATTERN}(@[1-9]\\d{0,5})?$`),
    'expected a scenario reference such as s_abcdefghijklmnopqrst@3',
  );

export interface ParsedRef {
  id: string;
  version?: number | undefined;
}

export function parseRef(ref: string): ParsedRef {
  const [id, version] = ref.split('@');
  return { id: id!, version: version === undefined ? undefined : Number(version) };
}
