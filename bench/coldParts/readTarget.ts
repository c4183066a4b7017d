import type { OrgId } from '../../shared/contract/storage/index.ts';

/** The stored scenario version a cold-start part reads, and where. */
export interface ReadTarget {
  endpoint: string;
  region: string;
  table: string;
  /** The organisation (tenant) the scenario belongs to, as a verified token's claims give it. */
  org: OrgId;
  id: string;
  version: number;
}
