import { decodeCbor, encodeCbor } from '@corridor/core/cbor';
import { toHex } from '@corridor/core/lib';
import {
  type BundleFormatTrust,
  checkFormatTrust,
  type FormatTrustMaterial,
  formatMaterialMap,
  readFormatMaterial,
  TRUST_FORMATS,
  type TrustFormat,
} from '@corridor/core/trust';
import type { Identity, Timestamp } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import type { GatewayConfig, GatewayDb, GatewayTrx } from './config.js';
import { bumpTrustVersion, recordGatewayAction } from './ledger.js';
import type { GatewayRequest } from './signed-request.js';

/** `format_trust` (`0010-format-trust`): one uploaded trust object of another format. */
export interface FormatTrustTable {
  id: Identity;
  country: string;
  format: TrustFormat;
  subject: string;
  /** The CBOR map the bundle carries (`trust/format-encode.ts`). */
  material: Uint8Array;
  /** SHA-256 of `material`. */
  hash: Uint8Array;
  version: number;
  uploaded_at: Timestamp;
  withdrawn_at: Date | null;
  withdrawn_version: number | null;
}

declare module '../db/schema.js' {
  interface CorridorSchema {
    format_trust: FormatTrustTable;
  }
}

/** One live entry as listed by `GET /formats`. */
export interface FormatTrustSummary {
  country: string;
  format: TrustFormat;
  subject: string;
  version: number;
  /** Hex SHA-256 of the entry as the bundle carries it. */
  hash: string;
  uploadedAt: string;
}

/**
 * `formats.upload`: a participant's trust for one format (body: `format` and that format's
 * fields, `format-material.ts`). The material is checked as a verifier will check it (usable
 * keys, a CSCA of the uploader's own country, CRLs it signed); the subject (SHC `iss`, NZCP DID,
 * CSCA hash, DIVOC method) may belong to one participant only. An upload for a subject the
 * participant already has replaces it. Logged as a trust change (transparency leaf) and audited.
 */
export async function uploadFormatTrust(
  db: GatewayDb,
  config: GatewayConfig,
  request: GatewayRequest,
): Promise<{ format: TrustFormat; subject: string; version: number; replaced: boolean }> {
  const material = readFormatMaterial(request.body);
  if (typeof material === 'string') throw new HttpProblem(400, 'FORMAT_TRUST_MALFORMED', material);
  const check = await checkFormatTrust({ country: request.country, material }, config.crypto);
  if (!check.ok) throw new HttpProblem(422, check.code, check.reason);
  const { subject } = check;
  const bytes = encodeCbor(formatMaterialMap(material));
  const hash = await config.crypto.sha256(bytes);
  const format = material.format;
  return db.transaction().execute(async (trx) => {
    // First the version bump: it locks the one trust-version row, so two uploads of the same
    // subject run one after the other and the second sees the first's row below.
    const version = await bumpTrustVersion(
      trx,
      config,
      'formats.upload',
      request.country,
      `${format} ${subject}`,
    );
    const live = await trx
      .selectFrom('format_trust')
      .select(['id', 'country', 'hash'])
      .where('format', '=', format)
      .where('subject', '=', subject)
      .where('withdrawn_at', 'is', null)
      .execute();
    if (
      live.some((r) => r.country !== request.country) ||
      (await divocClash(trx, request, material))
    )
      throw new HttpProblem(
        409,
        'FORMAT_TRUST_COLLISION',
        `${format} ${subject} already belongs to another participant`,
      );
    if (live.some((r) => toHex(r.hash) === toHex(hash)))
      throw new HttpProblem(409, 'FORMAT_TRUST_DUPLICATE', 'this trust is already uploaded');
    const now = config.now();
    if (live.length > 0)
      await trx
        .updateTable('format_trust')
        .set({ withdrawn_at: now, withdrawn_version: version })
        .where(
          'id',
          'in',
          live.map((r) => r.id),
        )
        .execute();
    await trx
      .insertInto('format_trust')
      .values({
        country: request.country,
        format,
        subject,
        material: bytes,
        hash,
        version,
        uploaded_at: now,
      })
      .execute();
    await recordGatewayAction(trx, config, {
      actor: request.country,
      action: 'formats.upload',
      subject: `${format} ${subject}`,
      details: { hash: toHex(hash), replaced: live.length > 0 },
    });
    return { format, subject, version, replaced: live.length > 0 };
  });
}

/**
 * A DIVOC key whose verification method another participant already uses for the same issuer
 * (or where either side is bound to no issuer): the key could verify that participant's
 * credentials, so it is refused like a taken subject.
 */
async function divocClash(
  trx: GatewayTrx,
  request: GatewayRequest,
  material: FormatTrustMaterial,
): Promise<boolean> {
  if (material.format !== 'divoc') return false;
  const rows = await trx
    .selectFrom('format_trust')
    .select(['subject'])
    .where('format', '=', 'divoc')
    .where('country', '<>', request.country)
    .where('withdrawn_at', 'is', null)
    .execute();
  const issuer = material.issuer ?? '*';
  return rows.some((r) => {
    const [method, other] = r.subject.split('|');
    return (
      method === material.verificationMethod &&
      (other === issuer || other === '*' || issuer === '*')
    );
  });
}

/** `formats.withdraw`: the participant withdraws its trust for `format` and `subject`. */
export async function withdrawFormatTrust(
  db: GatewayDb,
  config: GatewayConfig,
  request: GatewayRequest,
): Promise<{ version: number }> {
  const { format, subject } = request.body;
  if (
    !TRUST_FORMATS.includes(format as TrustFormat) ||
    typeof subject !== 'string' ||
    subject.length > 2048
  )
    throw new HttpProblem(400, 'FORMAT_TRUST_MALFORMED', 'body needs format and subject');
  return db.transaction().execute(async (trx) => {
    const version = await bumpTrustVersion(
      trx,
      config,
      'formats.withdraw',
      request.country,
      `${format} ${subject}`,
    );
    const live = await trx
      .selectFrom('format_trust')
      .select(['id', 'country'])
      .where('format', '=', format as TrustFormat)
      .where('subject', '=', subject)
      .where('withdrawn_at', 'is', null)
      .execute();
    const own = live.filter((r) => r.country === request.country);
    if (own.length === 0)
      throw new HttpProblem(
        live.length > 0 ? 403 : 404,
        'FORMAT_TRUST_NOT_FOUND',
        `no ${format} trust ${subject} of ${request.country}`,
      );
    await trx
      .updateTable('format_trust')
      .set({ withdrawn_at: config.now(), withdrawn_version: version })
      .where(
        'id',
        'in',
        own.map((r) => r.id),
      )
      .execute();
    await recordGatewayAction(trx, config, {
      actor: request.country,
      action: 'formats.withdraw',
      subject: `${format} ${subject}`,
      details: {},
    });
    return { version };
  });
}

/** The live entries, optionally of one country or format. */
export async function listFormatTrust(
  db: GatewayDb,
  query: { country?: string; format?: TrustFormat },
): Promise<FormatTrustSummary[]> {
  let q = db
    .selectFrom('format_trust')
    .select(['country', 'format', 'subject', 'version', 'hash', 'uploaded_at'])
    .where('withdrawn_at', 'is', null)
    .orderBy('id');
  if (query.country) q = q.where('country', '=', query.country);
  if (query.format) q = q.where('format', '=', query.format);
  return (await q.execute()).map((r) => ({
    country: r.country,
    format: r.format,
    subject: r.subject,
    version: Number(r.version),
    hash: toHex(r.hash),
    uploadedAt: r.uploaded_at.toISOString(),
  }));
}

/** The live entries of `countries` as the bundle carries them. */
export async function bundleFormatTrust(
  db: GatewayDb,
  countries: ReadonlySet<string>,
): Promise<BundleFormatTrust[]> {
  const rows = await db
    .selectFrom('format_trust')
    .select(['country', 'material'])
    .where('withdrawn_at', 'is', null)
    .orderBy('id')
    .execute();
  const out: BundleFormatTrust[] = [];
  for (const r of rows) {
    if (!countries.has(r.country)) continue;
    const decoded = decodeCbor(r.material);
    const material = decoded.ok ? readFormatMaterial(decoded.value) : 'not CBOR';
    // Stored only after the same read; a row that no longer reads is a damaged database.
    if (typeof material === 'string') throw new Error(`format_trust row unreadable: ${material}`);
    out.push({ country: r.country, material });
  }
  return out;
}
