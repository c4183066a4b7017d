import * as z from 'zod';
import { BadRequestError } from '../../shared/contract/errors/index.ts';
import { strictObject } from '../../shared/core/base/index.ts';
import { SaveScenarioRequest, ScenarioId } from '../../shared/contract/wire/index.ts';
import { diffJson, summariseChanges } from '../../shared/core/scenario/index.ts';
import { parseScenario, parseWith } from '../../shared/core/scenario/index.ts';
import { json } from '../http/response.ts';
import type { Route } from '../http/router.ts';
import type { ScenarioStore } from '../store/ports.ts';

const Limit = z.coerce.number().int().min(1).max(100).default(25);
const Version = z.coerce.number({ error: 'must be a version number' }).int().min(1);
const ListQuery = strictObject({
  cursor: z.string().max(2000).optional(),
  limit: Limit,
  includeArchived: z.enum(['true', 'false']).default('false'),
});
const PageQuery = strictObject({ cursor: z.string().max(2000).optional(), limit: Limit });
const DiffQuery = strictObject({ from: Version, to: Version });

/** `If-Match: "3"` (or `3`, or `W/"3"`) names the version the caller edited. */
function baseVersion(header: string | undefined): number {
  if (header === undefined)
    throw new BadRequestError('If-Match with the version you edited is required', 'If-Match');
  const m = /^(?:W\/)?"?(\d{1,6})"?$/.exec(header.trim());
  if (!m) throw new BadRequestError('If-Match must be a version number such as "3"', 'If-Match');
  return Number(m[1]);
}

const etag = (version: number) => ({ etag: `"${version}"` });

export function scenarioRoutes(store: ScenarioStore): Route[] {
  const id = (params: Record<string, string>) => parseWith(ScenarioId, params.id, 'id');
  return [
    {
      method: 'POST',
      path: '/v1/scenarios',
      handler: async (req, caller) => {
        const body = parseWith(SaveScenarioRequest, req.body());
        const scenario = parseScenario(body.scenario);
        const saved = await store.create(caller.org, {
          scenario,
          name: scenario.name,
          summary: body.summary === 'saved' ? 'created' : body.summary,
          author: caller.name,
        });
        return json(201, saved, { ...etag(saved.version), location: `/v1/scenarios/${saved.id}` });
      },
    },
    {
      method: 'GET',
      path: '/v1/scenarios',
      handler: async (req, caller) => {
        const q = parseWith(ListQuery, req.query, 'query');
        return json(
          200,
          await store.list(caller.org, {
            cursor: q.cursor,
            limit: q.limit,
            includeArchived: q.includeArchived === 'true',
          }),
        );
      },
    },
    {
      method: 'GET',
      path: '/v1/scenarios/{id}',
      handler: async (req, caller) => {
        const v = await store.version(caller.org, id(req.params));
        return json(200, v, etag(v.version));
      },
    },
    {
      method: 'GET',
      path: '/v1/scenarios/{id}/versions/{version}',
      handler: async (req, caller) => {
        const v = await store.version(
          caller.org,
          id(req.params),
          parseWith(Version, req.params.version, 'version'),
        );
        return json(200, v, etag(v.version));
      },
    },
    {
      method: 'PUT',
      path: '/v1/scenarios/{id}',
      handler: async (req, caller) => {
        const scenarioId = id(req.params);
        const base = baseVersion(req.headers['if-match']);
        const body = parseWith(SaveScenarioRequest, req.body());
        const scenario = parseScenario(body.scenario);
        let summary = body.summary;
        if (summary === 'saved') {
          // No summary given: describe the change against the version the caller edited.
          const previous = await store.version(caller.org, scenarioId, base).catch(() => null);
          if (previous) {
            const d = diffJson(previous.scenario, scenario, 50);
            summary = summariseChanges(d.changes, d.truncated);
          }
        }
        const saved = await store.save(caller.org, scenarioId, base, {
          scenario,
          name: scenario.name,
          summary,
          author: caller.name,
        });
        return json(200, saved, etag(saved.version));
      },
    },
    {
      method: 'GET',
      path: '/v1/scenarios/{id}/history',
      handler: async (req, caller) => {
        const q = parseWith(PageQuery, req.query, 'query');
        return json(200, await store.history(caller.org, id(req.params), q));
      },
    },
    {
      method: 'GET',
      path: '/v1/scenarios/{id}/diff',
      handler: async (req, caller) => {
        const scenarioId = id(req.params);
        const q = parseWith(DiffQuery, req.query, 'query');
        const [a, b] = await Promise.all([
          store.version(caller.org, scenarioId, q.from),
          store.version(caller.org, scenarioId, q.to),
        ]);
        const d = diffJson(a.scenario, b.scenario);
        return json(200, {
          id: scenarioId,
          from: q.from,
          to: q.to,
          changes: d.changes,
          truncated: d.truncated,
        });
      },
    },
    {
      method: 'POST',
      path: '/v1/scenarios/{id}/archive',
      handler: async (req, caller) => json(200, await store.archive(caller.org, id(req.params), caller.name)),
    },
  ];
}
