import { ScenarioRef, parseRef } from '../../../shared/contract/wire/index.ts';
import type { OperationValue } from '../../../shared/contract/wire/index.ts';
import type { PacsClient } from '../client/index.ts';
import type { EngineGateway } from './engineGateway.ts';
import { NotCalculatedError, OperationError } from './errors.ts';

type Heads = Awaited<ReturnType<PacsClient['scenarios']['listAll']>>;

interface Provenance {
  name: string;
  author: string;
  savedAt: string;
}

/** PACS.SCENARIO and PACS.SCENARIOS: scenario handles with provenance and the organisation's list, through the
 *  gateway's request rules. A version's provenance never changes and is kept; "latest" and the list are
 *  forgotten at every Refresh (and expire like other "latest" answers). */
export class ScenarioLibrary {
  private readonly provenance = new Map<string, Promise<Provenance>>();
  private lists = new Map<boolean, { at: number; heads: Promise<Heads> }>();

  constructor(
    private readonly client: Pick<PacsClient, 'scenarios'>,
    private readonly gateway: EngineGateway,
    private readonly o: { ttlMs?: number; now?: () => number } = {},
  ) {
    gateway.onRefresh(() => {
      this.lists = new Map();
    });
  }

  /** One row: the pinned reference (usable by every PACS function), name, version, author, saved at, status.
   *  `reference` is s_..., s_...@n or an exact scenario name. */
  async handle(reference: string): Promise<OperationValue> {
    const wanted = reference.trim();
    const parsed = ScenarioRef.safeParse(wanted);
    const ref = parsed.success
      ? parseRef(parsed.data)
      : { id: await this.idByName(wanted), version: undefined };
    const latest = await this.gateway.resolveLatest(ref.id);
    const version = ref.version ?? latest;
    if (version > latest)
      throw new OperationError(
        'not_found',
        `scenario ${ref.id} has no version ${version} (latest ${latest})`,
        undefined,
        false,
      );
    const p = await this.provenanceOf(ref.id, version);
    const status =
      ref.version === undefined
        ? `latest (v${latest})`
        : version === latest
          ? 'latest version'
          : `newer version ${latest} saved`;
    return [[`${ref.id}@${version}`, p.name, version, p.author, p.savedAt, status]];
  }

  /** The organisation's scenarios, newest first, with a header row. */
  async list(includeArchived: boolean): Promise<OperationValue> {
    const heads = await this.heads(includeArchived);
    return [
      ['scenario', 'name', 'latest version', 'updated by', 'updated at', 'archived'],
      ...heads.map((h) => [h.id, h.name, h.latest, h.updatedBy, h.updatedAt, h.archived]),
    ];
  }

  private provenanceOf(id: string, version: number): Promise<Provenance> {
    const key = `${id}@${version}`;
    let p = this.provenance.get(key);
    if (!p) {
      p = this.gateway
        .request((o) => this.client.scenarios.version(id, version, o))
        .then((v) => ({
          name: String((v.scenario as { name?: unknown } | null)?.name ?? ''),
          author: v.author,
          savedAt: v.createdAt,
        }));
      p.catch(() => this.provenance.delete(key));
      this.provenance.set(key, p);
    }
    return p;
  }

  private heads(includeArchived: boolean): Promise<Heads> {
    const now = (this.o.now ?? Date.now)();
    const known = this.lists.get(includeArchived);
    const fresh = known && now - known.at < (this.o.ttlMs ?? 60_000);
    if (known && (fresh || !this.gateway.networkAllowed())) return known.heads;
    if (!this.gateway.networkAllowed()) return Promise.reject(new NotCalculatedError());
    const heads = this.gateway.request((o) => this.client.scenarios.listAll({ includeArchived }, o));
    heads.catch(() => this.lists.delete(includeArchived));
    this.lists.set(includeArchived, { at: now, heads });
    return heads;
  }

  private async idByName(name: string): Promise<string> {
    const heads = await this.heads(false);
    const matches = heads.filter((h) => h.name.trim().toLowerCase() === name.toLowerCase());
    if (matches.length === 1) return matches[0]!.id;
    if (matches.length === 0)
      throw new OperationError(
        'not_found',
        `no scenario named "${name}" (PACS.SCENARIOS() lists yours)`,
        'scenario',
        false,
      );
    throw new OperationError(
      'ambiguous',
      `${matches.length} scenarios are named "${name}"; use an id: ${matches.map((m) => m.id).join(', ')}`,
      'scenario',
      false,
    );
  }
}
