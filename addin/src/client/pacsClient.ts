import type * as z from 'zod';
import {
  CalcResponse,
  type CalcRequest,
  Health,
  ScenarioDiff,
  ScenarioHead,
  ScenarioHistory,
  ScenarioList,
  ScenarioVersion,
  SimulationStatus,
  type SimulationRequest,
} from '../../../shared/contract/wire/index.ts';
import { type HttpSettings, request } from './http.ts';

export type CalcRequestBody = z.input<typeof CalcRequest>;
export type SimulationRequestBody = z.input<typeof SimulationRequest>;
export type ScenarioListPage = z.output<typeof ScenarioList>;
export type ScenarioHistoryPage = z.output<typeof ScenarioHistory>;
export type ScenarioDiffBody = z.output<typeof ScenarioDiff>;

export interface Signal {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

const enc = encodeURIComponent;

/** The typed client of the PACS HTTP API, shared by the engine gateway and the task pane. Every response is
 *  checked against the same zod schema the service answers with; errors are ApiError, NetworkError,
 *  CancelledError or SignInRequiredError. */
export function createPacsClient(settings: HttpSettings) {
  const call = <T extends z.ZodType>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    schema: T,
    extra: { body?: unknown; headers?: Record<string, string>; anonymous?: boolean } & Signal = {},
  ) =>
    request(settings, {
      method,
      path,
      schema,
      ...(extra.anonymous ? { anonymous: true } : {}),
      ...(extra.body === undefined ? {} : { body: extra.body }),
      ...(extra.headers ? { headers: extra.headers } : {}),
      signal: extra.signal,
      timeoutMs: extra.timeoutMs,
    });
  const data = async <T>(p: Promise<{ data: T }>) => (await p).data;

  const scenarios = {
    /** One page of the organisation's scenarios, newest first. */
    list: (q: { cursor?: string; limit?: number; includeArchived?: boolean } = {}, o: Signal = {}) => {
      const query = new URLSearchParams();
      if (q.cursor) query.set('cursor', q.cursor);
      if (q.limit) query.set('limit', String(q.limit));
      if (q.includeArchived) query.set('includeArchived', 'true');
      const qs = query.toString();
      return data(call('GET', `/v1/scenarios${qs ? `?${qs}` : ''}`, ScenarioList, o));
    },
    /** Every page, up to `max` scenarios. */
    async listAll(q: { includeArchived?: boolean; max?: number } = {}, o: Signal = {}) {
      const items: z.output<typeof ScenarioHead>[] = [];
      let cursor: string | undefined;
      do {
        const page = await scenarios.list(
          { ...(cursor ? { cursor } : {}), limit: 100, includeArchived: q.includeArchived ?? false },
          o,
        );
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && items.length < (q.max ?? 1000));
      return items;
    },
    /** The latest version, with its document. */
    latest: (id: string, o: Signal = {}) => data(call('GET', `/v1/scenarios/${enc(id)}`, ScenarioVersion, o)),
    /** An immutable version, with its document. */
    version: (id: string, version: number, o: Signal = {}) =>
      data(call('GET', `/v1/scenarios/${enc(id)}/versions/${version}`, ScenarioVersion, o)),
    /** Who saved the latest version and when, without the document (the cheap way to learn the latest). */
    async latestInfo(id: string, o: Signal = {}) {
      const page = await data(call('GET', `/v1/scenarios/${enc(id)}/history?limit=1`, ScenarioHistory, o));
      const info = page.items[0];
      if (!info) throw new Error(`scenario ${id} has no versions`);
      return info;
    },
    history: (id: string, q: { cursor?: string; limit?: number } = {}, o: Signal = {}) => {
      const query = new URLSearchParams();
      if (q.cursor) query.set('cursor', q.cursor);
      if (q.limit) query.set('limit', String(q.limit));
      const qs = query.toString();
      return data(call('GET', `/v1/scenarios/${enc(id)}/history${qs ? `?${qs}` : ''}`, ScenarioHistory, o));
    },
    diff: (id: string, from: number, to: number, o: Signal = {}) =>
      data(call('GET', `/v1/scenarios/${enc(id)}/diff?from=${from}&to=${to}`, ScenarioDiff, o)),
    /** Saves a new scenario as version 1. */
    create: (scenario: unknown, summary?: string, o: Signal = {}) =>
      data(
        call('POST', '/v1/scenarios', ScenarioVersion, {
          ...o,
          body: { scenario, ...(summary ? { summary } : {}) },
        }),
      ),
    /** Saves version baseVersion + 1; ApiError 409 (currentVersion) when someone saved first. */
    save: (id: string, baseVersion: number, scenario: unknown, summary?: string, o: Signal = {}) =>
      data(
        call('PUT', `/v1/scenarios/${enc(id)}`, ScenarioVersion, {
          ...o,
          body: { scenario, ...(summary ? { summary } : {}) },
          headers: { 'if-match': `"${baseVersion}"` },
        }),
      ),
    archive: (id: string, o: Signal = {}) =>
      data(call('POST', `/v1/scenarios/${enc(id)}/archive`, ScenarioHead, o)),
  };

  const simulations = {
    /** Submits a run (202) or finds the run of the same idempotency key (200). */
    submit: (body: SimulationRequestBody, idempotencyKey: string, o: Signal = {}) =>
      data(
        call('POST', '/v1/simulations', SimulationStatus, {
          ...o,
          body,
          headers: { 'idempotency-key': idempotencyKey },
        }),
      ),
    get: (id: string, o: Signal = {}) => data(call('GET', `/v1/simulations/${enc(id)}`, SimulationStatus, o)),
    cancel: (id: string, o: Signal = {}) =>
      data(call('DELETE', `/v1/simulations/${enc(id)}`, SimulationStatus, o)),
  };

  return {
    baseUrl: settings.baseUrl,
    /** One batch of engine operations (POST /v1/calc). */
    calc: (body: CalcRequestBody, o: Signal = {}) =>
      data(call('POST', '/v1/calc', CalcResponse, { ...o, body })),
    /** Readiness (storage included) and the engine version; needs no sign-in. A 503 (storage down) is an ApiError. */
    health: (o: Signal = {}) => data(call('GET', '/v1/health', Health, { ...o, anonymous: true })),
    scenarios,
    simulations,
  };
}

export type PacsClient = ReturnType<typeof createPacsClient>;
