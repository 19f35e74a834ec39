import { toBase64, toHex } from '@corridor/core/lib';
import type { GatewayDb } from './config.js';
import { currentTrustVersion } from './ledger.js';

/** Page size limits of trust-list downloads. */
export const MAX_PAGE_SIZE = 1000;

/** One certificate of the gateway's own trust list (`GET /trustlist`). */
export interface TrustListEntry {
  kind: 'CSCA' | 'DSC';
  country: string;
  kid: string;
  certificate: string;
  thumbprint: string;
  version: number;
  revoked: boolean;
}

/** Which part of the trust list to read. */
export interface TrustListQuery {
  since?: number;
  page?: number;
  pageSize?: number;
  country?: string;
}

/** One page of the trust list. */
export interface TrustListPage {
  version: number;
  since: number;
  page: number;
  pageSize: number;
  entries: TrustListEntry[];
  nextPage?: number;
}

/**
 * The trust list, whole or as a delta of everything changed after `since` (revocations
 * included), ordered by version and paged in SQL (both tables in one ordered stream), so a
 * page costs its own rows only.
 */
export async function readTrustList(
  db: GatewayDb,
  options: TrustListQuery,
): Promise<TrustListPage> {
  const pageSize = Math.min(Math.max(options.pageSize ?? MAX_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const page = Math.max(options.page ?? 0, 0);
  const since = options.since ?? 0;
  const version = await currentTrustVersion(db);
  const select = (table: 'cscas' | 'dscs', kind: 'CSCA' | 'DSC') => {
    let q = db
      .selectFrom(table)
      .select((eb) => [
        'country',
        'kid',
        'der',
        'thumbprint',
        'version',
        'revoked_at',
        eb.val(kind).as('kind'),
      ])
      .where('version', '>', since);
    if (options.country) q = q.where('country', '=', options.country);
    if (since === 0) q = q.where('revoked_at', 'is', null);
    return q;
  };
  const rows = await select('cscas', 'CSCA')
    .unionAll(select('dscs', 'DSC'))
    .orderBy('version')
    .orderBy('kid')
    .limit(pageSize + 1)
    .offset(page * pageSize)
    .execute();
  const more = rows.length > pageSize;
  const entries: TrustListEntry[] = rows.slice(0, pageSize).map((r) => ({
    kind: r.kind as 'CSCA' | 'DSC',
    country: r.country,
    kid: r.kid,
    certificate: toBase64(r.der),
    thumbprint: toHex(r.thumbprint),
    version: Number(r.version),
    revoked: r.revoked_at !== null,
  }));
  return { version, since, page, pageSize, entries, ...(more ? { nextPage: page + 1 } : {}) };
}
