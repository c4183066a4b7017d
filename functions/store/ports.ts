import type { ScenarioHead, ScenarioVersion, VersionInfo } from '../../shared/contract/wire/index.ts';

import type { OrgId } from '../../shared/contract/storage/index.ts';

/** Organisation key: only ever built from verified token claims (never from a path or body). */
export type { OrgId };

/** The authenticated caller. */
export interface Caller {
  org: OrgId;
  /** Stable user id (Entra `oid`, or the dev token's subject). */
  user: string;
  /** Display name for history entries. */
  name: string;
}

export interface PageRequest {
  /** Opaque cursor from a previous page; rejected unless it was issued to the same organisation. */
  cursor?: string | undefined;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | undefined;
}

/** A validated scenario document plus who saved it and why. */
export interface NewVersion {
  /** Validated scenario document (plain JSON). */
  scenario: unknown;
  name: string;
  summary: string;
  author: string;
}

/** Port for versioned scenarios. Errors: NotFoundError, VersionConflictError, PayloadTooLargeError,
 *  UnavailableError, ValidationError (bad cursor) from shared/errors.ts. Versions are immutable. */
export interface ScenarioStore {
  create(org: OrgId, version: NewVersion): Promise<ScenarioVersion>;
  list(org: OrgId, page: PageRequest & { includeArchived?: boolean }): Promise<Page<ScenarioHead>>;
  head(org: OrgId, id: string): Promise<ScenarioHead>;
  /** `version` omitted = latest. */
  version(org: OrgId, id: string, version?: number): Promise<ScenarioVersion>;
  /** Saves version baseVersion + 1, only if baseVersion is still the latest (VersionConflictError otherwise). */
  save(org: OrgId, id: string, baseVersion: number, version: NewVersion): Promise<ScenarioVersion>;
  history(org: OrgId, id: string, page: PageRequest): Promise<Page<VersionInfo>>;
  archive(org: OrgId, id: string, author: string): Promise<ScenarioHead>;
}

/** Whether storage answers right now (a readiness check with a short timeout); `reason` says why not. */
export type StorageCheck = () => Promise<{ ready: true } | { ready: false; reason: string }>;
