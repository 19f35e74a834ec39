import { fromBase64 } from '@corridor/core/lib';
import { signTrustBundle, type TrustBundleContent } from '@corridor/core/trust';
import type { RevocationHashType } from '../db/schema.js';
import { listAgreements } from './agreements.js';
import type { GatewayConfig, GatewayDb } from './config.js';
import { bundleFormatTrust } from './formats.js';
import { bundleSignals } from './lane-signals.js';
import { bundleLanes } from './lanes.js';
import { currentTrustVersion, recordGatewayAction } from './ledger.js';
import { participantRecordIntact } from './participant-record.js';

/** A signed trust bundle as stored and served. */
export interface IssuedBundle {
  version: number;
  cose: Uint8Array;
  /** `"<trust version>-<bundle version>"`: changes whenever trust or the bundle does. */
  etag: string;
  expiresAt: Date;
}

/**
 * The newest bundle, made anew when trust changed since it was built or when it is past half
 * its lifetime; bundle versions only grow. `treeHead` signs the transparency log's current
 * head, which every bundle carries. Callers serialise builds (see the `Gateway` facade): two
 * concurrent builds would compute the same new version.
 */
export async function latestBundle(
  db: GatewayDb,
  config: GatewayConfig,
  treeHead: () => Promise<Uint8Array>,
): Promise<IssuedBundle> {
  const now = config.now();
  const trustVersion = await currentTrustVersion(db);
  // Without `cose`: a bundle is megabytes, read only when it is reused.
  const latest = await db
    .selectFrom('bundles')
    .select(['version', 'etag', 'issued_at', 'expires_at'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const lifetime = config.bundleLifetimeSeconds ?? 48 * 3600;
  if (
    latest?.etag.startsWith(`"${trustVersion}-`) &&
    now.getTime() < latest.issued_at.getTime() + (lifetime * 1000) / 2
  ) {
    const { cose } = await db
      .selectFrom('bundles')
      .select('cose')
      .where('version', '=', latest.version)
      .executeTakeFirstOrThrow();
    return {
      version: Number(latest.version),
      cose,
      etag: latest.etag,
      expiresAt: latest.expires_at,
    };
  }
  const version = latest ? Number(latest.version) + 1 : 1;
  const content = await bundleContent(db, config, { version, now, lifetime, treeHead });
  const cose = await signTrustBundle(content, config.anchor, config.crypto);
  const etag = `"${trustVersion}-${version}"`;
  const expiresAt = new Date(content.expiresAt * 1000);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('bundles')
      .values({ version, issued_at: now, expires_at: expiresAt, cose, etag })
      .execute();
    await recordGatewayAction(trx, config, {
      actor: 'gateway',
      action: 'bundle.issue',
      subject: String(version),
      details: { trustVersion },
    });
  });
  return { version, cose, etag, expiresAt };
}

/**
 * What a bundle holds: the intact active participants with their CSCAs, unrevoked DSCs and
 * authority certificates, revoked kids, revocation hashes, each country's latest rule and
 * value-set documents, the agreements past signing, the lane versions not yet ended between
 * participants in the bundle (`bundleLanes`), the lanes' signed indicators and breaker
 * overrides of the last 400 days (`bundleSignals`), and the log's signed tree head.
 */
async function bundleContent(
  db: GatewayDb,
  config: GatewayConfig,
  options: {
    version: number;
    now: Date;
    lifetime: number;
    treeHead: () => Promise<Uint8Array>;
  },
): Promise<TrustBundleContent> {
  const { version, now, lifetime } = options;
  const participants = await db
    .selectFrom('participants')
    .selectAll()
    .where('status', '=', 'active')
    .execute();
  const intact = [];
  for (const p of participants) if (await participantRecordIntact(config, p)) intact.push(p);
  const countries = new Set(intact.map((p) => p.country));
  const cscas = await db
    .selectFrom('cscas')
    .select(['country', 'der'])
    .where('revoked_at', 'is', null)
    .execute();
  const dscs = await db
    .selectFrom('dscs')
    .select(['country', 'der', 'kid', 'revoked_at'])
    .execute();
  const hashes = await db
    .selectFrom('revocation_hashes')
    .select(['country', 'hash_type', 'hash'])
    .execute();
  const docs = await db
    .selectFrom('signed_documents')
    .select(['kind', 'country', 'cose', 'version'])
    .where('kind', 'in', ['rules', 'valuesets'])
    .orderBy('version', 'desc')
    .execute();
  const latestDoc = new Map<string, Uint8Array>();
  for (const d of docs)
    if (!latestDoc.has(`${d.kind}:${d.country}`)) latestDoc.set(`${d.kind}:${d.country}`, d.cose);
  const groups = new Map<
    string,
    { country: string; hashType: RevocationHashType; hashes: Uint8Array[] }
  >();
  for (const h of hashes) {
    if (!countries.has(h.country)) continue;
    const key = `${h.country}:${h.hash_type}`;
    const g = groups.get(key) ?? { country: h.country, hashType: h.hash_type, hashes: [] };
    g.hashes.push(h.hash);
    groups.set(key, g);
  }
  const formatTrust = await bundleFormatTrust(db, countries);
  const agreements = (await listAgreements(db)).filter(
    (a) => a.status !== 'signed' && a.status !== 'proposed',
  );
  return {
    version,
    issuedAt: Math.floor(now.getTime() / 1000),
    expiresAt: Math.floor(now.getTime() / 1000) + lifetime,
    gateway: config.id,
    countries: intact.map((p) => ({
      country: p.country,
      cscas: cscas.filter((c) => c.country === p.country).map((c) => c.der),
      dscs: dscs
        .filter((d) => d.country === p.country && d.revoked_at === null)
        .map((d) => ({ der: d.der, kid: fromBase64(d.kid) })),
      authorities: [p.authority_cert],
    })),
    revokedKids: dscs
      .filter((d) => d.revoked_at !== null && countries.has(d.country))
      .map((d) => ({ country: d.country, kid: fromBase64(d.kid) })),
    revocations: [...groups.values()],
    ruleSets: [...latestDoc.entries()].filter(([k]) => k.startsWith('rules:')).map(([, v]) => v),
    valueSets: [...latestDoc.entries()]
      .filter(([k]) => k.startsWith('valuesets:'))
      .map(([, v]) => v),
    agreements: agreements.map((a) => ({ document: a.document, status: a.status })),
    lanes: await bundleLanes(db, now, countries),
    treeHead: await options.treeHead(),
    ...(await bundleSignals(db, now)),
    // Only when there is some: a verifier loads the format-trust code for a non-empty list.
    ...(formatTrust.length > 0 ? { formatTrust } : {}),
  };
}
