import type { TrustListEntry } from '@corridor/core/interop';
import {
  type DidTrustListDocument,
  type EuTrustListItem,
  toDidTrustList,
  toEuTrustList,
} from '@corridor/core/interop';
import { fromBase64, toHex } from '@corridor/core/lib';
import type { GatewayConfig, GatewayDb } from './config.js';
import { participantRecordIntact } from './participant-record.js';

/** The certificate kinds the gateway publishes in interoperable trust lists. */
export type PublishedKind = 'CSCA' | 'DSC';

/** Which certificates an interoperable trust list holds. */
export interface InteropQuery {
  /** One participant only (ISO 3166-1 alpha-2); all when absent. */
  country?: string;
  /** Certificate kinds (default both). */
  kinds?: readonly PublishedKind[];
}

/**
 * The certificates verifiers outside Corridor may trust, as neutral trust-list entries: the
 * unrevoked CSCAs and DSCs of active participants whose signed record is intact — the same
 * selection a bundle makes (see `bundles.ts`), so the EU and GDHCN lists never name a key the
 * bundle leaves out. Each entry has its upload time (`timestamp`), its thumbprint and the
 * `DCC` trust domain; ordered by country, then CSCAs before DSCs, then trust version.
 */
export async function publishedEntries(
  db: GatewayDb,
  config: GatewayConfig,
  query: InteropQuery = {},
): Promise<TrustListEntry[]> {
  let participants = db.selectFrom('participants').selectAll().where('status', '=', 'active');
  if (query.country) participants = participants.where('country', '=', query.country);
  const intact: string[] = [];
  for (const p of await participants.orderBy('country').execute())
    if (await participantRecordIntact(config, p)) intact.push(p.country);
  if (intact.length === 0) return [];
  const kinds = query.kinds ?? ['CSCA', 'DSC'];
  const entries: TrustListEntry[] = [];
  for (const kind of (['CSCA', 'DSC'] as const).filter((k) => kinds.includes(k))) {
    const rows = await db
      .selectFrom(kind === 'CSCA' ? 'cscas' : 'dscs')
      .select(['country', 'kid', 'der', 'thumbprint', 'uploaded_at', 'version'])
      .where('country', 'in', intact)
      .where('revoked_at', 'is', null)
      .orderBy('version')
      .orderBy('kid')
      .execute();
    for (const r of rows)
      entries.push({
        country: r.country,
        kind,
        kid: fromBase64(r.kid),
        certificate: r.der,
        thumbprint: toHex(r.thumbprint),
        timestamp: r.uploaded_at.toISOString(),
        domain: 'DCC',
      });
  }
  return entries.sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
}

/**
 * The trust list in the EU DCC gateway's format (`GET /trustList[/{type}[/{country}]]` of the
 * EU gateway): `{ kid, timestamp, country, certificateType, thumbprint, rawData }` items. The
 * EU Trust Anchor's `signature` member is absent: Corridor is not that anchor, and a verifier
 * that needs the list signed takes Corridor's own signed bundle instead.
 */
export async function euTrustList(
  db: GatewayDb,
  config: GatewayConfig,
  query: InteropQuery = {},
): Promise<EuTrustListItem[]> {
  return toEuTrustList(await publishedEntries(db, config, query));
}

/**
 * The trust list as a WHO GDHCN DID document ("DID Trustlist v2", embedded variant) with the
 * given DID, which must be the `did:web` id of the URL it is served at (see `routes/interop.ts`).
 * Unsigned: a GDHCN network adds its operator's proof when it republishes the document.
 */
export async function didTrustList(
  db: GatewayDb,
  config: GatewayConfig,
  did: string,
  query: InteropQuery = {},
): Promise<DidTrustListDocument> {
  return toDidTrustList(await publishedEntries(db, config, query), { did });
}
