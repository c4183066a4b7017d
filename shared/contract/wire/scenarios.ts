import * as z from 'zod';
import { plainText, strictObject } from '../../core/base/index.ts';

/** Scenario ids are server-generated: `s_` + 20 base32 characters (functions/store/ids.ts). The one pattern that
 *  scenario ids, scenario references and the OpenAPI document all use. */
export const SCENARIO_ID_PATTERN = 's_[a-z2-7]{20}';
export const ScenarioId = z.string().regex(new RegExp(`^${SCENARIO_ID_PATTERN}$`), 'is not a scenario id');

/** Body of POST /v1/scenarios and PUT /v1/scenarios/{id}: the scenario document (validated separately by
 *  parseScenario so its problems are named field by field) and a short change summary for the history. */
export const SaveScenarioRequest = strictObject({
  scenario: z.unknown(),
  summary: plainText({ max: 500, trim: true }).default('saved'),
});
export type SaveScenarioRequest = z.infer<typeof SaveScenarioRequest>;

export const ScenarioHead = z.object({
  id: ScenarioId,
  name: z.string(),
  latest: z.number().int().min(1),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  archived: z.boolean(),
});
export type ScenarioHead = z.infer<typeof ScenarioHead>;

export const VersionInfo = z.object({
  version: z.number().int().min(1),
  author: z.string(),
  createdAt: z.string(),
  summary: z.string(),
  /** sha256 of the canonical JSON of the scenario document. */
  sha256: z.string(),
  bytes: z.number().int(),
});
export type VersionInfo = z.infer<typeof VersionInfo>;

export const ScenarioVersion = VersionInfo.extend({
  id: ScenarioId,
  /** The stored document exactly as validated (zod output, defaults filled in). */
  scenario: z.unknown(),
});
export type ScenarioVersion = z.infer<typeof ScenarioVersion>;

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const ScenarioList = Page(ScenarioHead);
export const ScenarioHistory = Page(VersionInfo);

export const DiffChange = z.object({
  path: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export const ScenarioDiff = z.object({
  id: ScenarioId,
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(DiffChange),
  truncated: z.boolean(),
});
