import { NotFoundError } from '../../shared/contract/errors/index.ts';
import type { Caller } from '../store/ports.ts';
import type { ApiRequest } from './request.ts';
import type { HttpApiResult } from './lambdaTypes.ts';

export type RouteHandler = (req: ApiRequest, caller: Caller) => Promise<HttpApiResult>;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** e.g. `/v1/scenarios/{id}/versions/{version}` */
  path: string;
  /** Public routes skip the bearer token (health only). */
  public?: boolean;
  handler: RouteHandler;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

/** Tiny path router: literal segments and `{name}` parameters (one segment each, decoded). */
export function createRouter(routes: Route[]) {
  const compiled: CompiledRoute[] = routes.map((r) => {
    const names: string[] = [];
    const source = r.path
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
    return { ...r, pattern: new RegExp(`^${source}$`), names };
  });
  return {
    match(method: string, path: string): Match {
      let pathMatched = false;
      for (const r of compiled) {
        const m = r.pattern.exec(path);
        if (!m) continue;
        pathMatched = true;
        if (r.method !== method) continue;
        const params: Record<string, string> = {};
        r.names.forEach((n, i) => {
          params[n] = safeDecode(m[i + 1]!);
        });
        return { route: r, params };
      }
      throw new NotFoundError(pathMatched ? `${method} ${path}` : `route ${path}`);
    },
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
