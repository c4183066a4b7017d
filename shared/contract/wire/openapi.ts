import * as z from 'zod';
import { Scenario } from '../../core/scenario/index.ts';
import { CalcRequest, CalcResponse } from './calc.ts';
import { ErrorBody } from './errorBody.ts';
import { Health } from './health.ts';
import {
  SCENARIO_ID_PATTERN,
  SaveScenarioRequest,
  ScenarioDiff,
  ScenarioHead,
  ScenarioHistory,
  ScenarioList,
  ScenarioVersion,
} from './scenarios.ts';
import { SIMULATION_ID_PATTERN, SimulationRequest, SimulationStatus } from './simulations.ts';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const body = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } });
const errors = Object.fromEntries(
  [
    ['400', 'unreadable request (not JSON, missing If-Match)'],
    ['401', 'missing, invalid, expired or foreign bearer token'],
    ['404', 'no such route or item for your organisation'],
    ['409', 'version conflict: someone saved first (body carries currentVersion)'],
    ['413', 'request or response too large'],
    ['422', 'validation failed (error.field names the field)'],
    ['429', 'too many requests; retry after the Retry-After header'],
    ['503', 'storage unavailable; nothing changed; retryable'],
  ].map(([code, description]) => [code, { description, ...body('Error') }]),
);
const ok = (description: string, name: string, status = '200') => ({
  [status]: { description, ...body(name) },
  ...errors,
});
const runIdParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: `^${SIMULATION_ID_PATTERN}$` },
};
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: `^${SCENARIO_ID_PATTERN}$` },
};
const pageParams = [
  { name: 'cursor', in: 'query', schema: { type: 'string' } },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
];

/** The OpenAPI 3.1 description of the API, built from the same zod schemas the handlers validate with. */
export function openApiDocument(serverUrl = '/'): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'PACS Capitation calculation service',
      version: '1.0.0',
      description:
        'Capitated payment design for integrated care: engine operations, shared versioned scenarios and simulation ' +
        'jobs. Money is GBP; per-person figures are GBP per person per year. Every route but /v1/health needs a ' +
        'bearer token; the organisation comes from the token, never from the request.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    paths: {
      '/v1/health': {
        get: {
          security: [],
          summary: 'Readiness: the service and its storage (checked with a short timeout)',
          responses: {
            '200': { description: 'ready', ...body('Health') },
            '503': {
              description: 'storage is not answering; retry after the Retry-After header',
              ...body('Health'),
            },
          },
        },
      },
      '/v1/openapi.json': {
        get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } },
      },
      '/v1/calc': {
        post: {
          summary: 'Run a batch of engine operations (one per Excel function call)',
          requestBody: { required: true, ...body('CalcRequest') },
          responses: ok('one result or error per operation, in order', 'CalcResponse'),
        },
      },
      '/v1/scenarios': {
        post: {
          summary: 'Create a scenario (version 1)',
          requestBody: { required: true, ...body('SaveScenarioRequest') },
          responses: ok('created; ETag is the version', 'ScenarioVersion', '201'),
        },
        get: {
          summary: "List your organisation's scenarios, newest first",
          parameters: [...pageParams, { name: 'includeArchived', in: 'query', schema: { type: 'boolean' } }],
          responses: ok('a page', 'ScenarioList'),
        },
      },
      '/v1/scenarios/{id}': {
        get: {
          summary: 'Latest version',
          parameters: [idParam],
          responses: ok('the latest version', 'ScenarioVersion'),
        },
        put: {
          summary: 'Save a new version (If-Match: the version you edited)',
          parameters: [
            idParam,
            { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } },
          ],
          requestBody: { required: true, ...body('SaveScenarioRequest') },
          responses: ok('the new version', 'ScenarioVersion'),
        },
      },
      '/v1/scenarios/{id}/versions/{version}': {
        get: {
          summary: 'A specific (immutable) version',
          parameters: [
            idParam,
            { name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
          ],
          responses: ok('the version', 'ScenarioVersion'),
        },
      },
      '/v1/scenarios/{id}/history': {
        get: {
          summary: 'Who saved what, when',
          parameters: [idParam, ...pageParams],
          responses: ok('a page', 'ScenarioHistory'),
        },
      },
      '/v1/scenarios/{id}/diff': {
        get: {
          summary: 'Differences between two versions',
          parameters: [
            idParam,
            { name: 'from', in: 'query', required: true, schema: { type: 'integer' } },
            { name: 'to', in: 'query', required: true, schema: { type: 'integer' } },
          ],
          responses: ok('changes, path by path', 'ScenarioDiff'),
        },
      },
      '/v1/simulations': {
        post: {
          summary: 'Submit a Monte Carlo run of a scenario version (202; Idempotency-Key header required)',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: true,
              schema: { type: 'string', minLength: 8 },
            },
          ],
          requestBody: { required: true, ...body('SimulationRequest') },
          responses: {
            ...ok('the existing run for a repeated key', 'SimulationStatus'),
            '202': { description: 'accepted; poll the Location', ...body('SimulationStatus') },
          },
        },
      },
      '/v1/simulations/{id}': {
        get: {
          summary: 'Status, progress and (when succeeded) the result',
          parameters: [runIdParam],
          responses: ok('the run', 'SimulationStatus'),
        },
        delete: {
          summary: 'Cancel (a cancelled run never resumes)',
          parameters: [runIdParam],
          responses: ok('the run', 'SimulationStatus'),
        },
      },
      '/v1/scenarios/{id}/archive': {
        post: {
          summary: 'Archive (hidden from the list; versions kept)',
          parameters: [idParam],
          responses: ok('the head', 'ScenarioHead'),
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: schema(ErrorBody),
        Health: schema(Health),
        CalcRequest: schema(CalcRequest, 'input'),
        CalcResponse: schema(CalcResponse),
        SaveScenarioRequest: schema(SaveScenarioRequest, 'input'),
        Scenario: schema(Scenario, 'input'),
        ScenarioVersion: schema(ScenarioVersion),
        ScenarioHead: schema(ScenarioHead),
        ScenarioList: schema(ScenarioList),
        ScenarioHistory: schema(ScenarioHistory),
        ScenarioDiff: schema(ScenarioDiff),
        SimulationRequest: schema(SimulationRequest, 'input'),
        SimulationStatus: schema(SimulationStatus),
      },
    },
  };
}
