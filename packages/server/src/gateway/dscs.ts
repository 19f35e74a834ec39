import { toBase64, toHex } from '@corridor/core/lib';
import { DCC_KEY_USAGE_OIDS, isSignedBy } from '@corridor/core/x509';
import { HttpProblem } from '../http/problem.js';
import { OID_EKU_ENTRY_PASS, OID_EKU_LANE_DOCUMENT } from '../pki/oids.js';
import type { GatewayConfig, GatewayDb } from './config.js';
import { bumpTrustVersion, recordGatewayAction } from './ledger.js';
import {
  certificateKidOf,
  isCaCertificate,
  readParticipantCertificate,
} from './participant-record.js';
import type { GatewayRequest } from './signed-request.js';

/** A DSC may carry only DCC usages and Corridor's own document usages. */
const PERMITTED_EKUS = new Set([
  ...Object.keys(DCC_KEY_USAGE_OIDS),
  OID_EKU_ENTRY_PASS,
  OID_EKU_LANE_DOCUMENT,
]);

/** `dsc.upload`: a DSC of the requesting country, chained to one of its CSCAs. */
export async function uploadDsc(
  db: GatewayDb,
  config: GatewayConfig,
  request: GatewayRequest,
): Promise<{ kid: string; version: number }> {
  const der = request.body.certificate;
  if (!(der instanceof Uint8Array))
    throw new HttpProblem(400, 'REQUEST_MALFORMED', 'body.certificate must be a byte string');
  const dsc = readParticipantCertificate(der, 'DSC');
  const now = config.now();
  if (dsc.country !== request.country) {
    throw new HttpProblem(
      422,
      'DSC_COUNTRY_MISMATCH',
      `the DSC is for ${dsc.country ?? 'no country'}, the uploader is ${request.country}`,
    );
  }
  if (now > dsc.notAfter || dsc.notBefore >= dsc.notAfter)
    throw new HttpProblem(
      422,
      'DSC_VALIDITY_INVALID',
      'the DSC is expired or its validity is empty',
    );
  const foreign = dsc.extendedKeyUsage.filter((oid) => !PERMITTED_EKUS.has(oid));
  if (foreign.length > 0)
    throw new HttpProblem(
      422,
      'DSC_KEY_USAGE_NOT_PERMITTED',
      `extended key usage ${foreign.join(', ')} is not permitted`,
    );
  if (!dsc.keyAlg)
    throw new HttpProblem(422, 'DSC_KEY_UNSUPPORTED', 'the key is neither P-256 nor RSA');
  // A CA certificate is no DSC. Without this check a country's self-signed CSCA passed as a
  // "DSC" (it is signed by itself, a CSCA of the country) and was published in the trust list.
  if (await isCaCertificate(der))
    throw new HttpProblem(422, 'DSC_IS_CA', 'a CA certificate (basicConstraints cA) is no DSC');
  const cscas = await db
    .selectFrom('cscas')
    .select(['id', 'der'])
    .where('country', '=', request.country)
    .where('revoked_at', 'is', null)
    .execute();
  let cscaId: number | undefined;
  for (const c of cscas) {
    if (await isSignedBy(der, c.der)) {
      cscaId = Number(c.id);
      break;
    }
  }
  if (cscaId === undefined)
    throw new HttpProblem(
      422,
      'DSC_NOT_CHAINED',
      `the DSC is not signed by a CSCA of ${request.country}`,
    );
  const kid = toBase64(await certificateKidOf(config, der));
  return db.transaction().execute(async (trx) => {
    const same = await trx
      .selectFrom('dscs')
      .select(['country', 'der'])
      .where('kid', '=', kid)
      .execute();
    if (same.some((d) => d.country !== request.country))
      throw new HttpProblem(
        409,
        'KID_COLLISION',
        `kid ${kid} already belongs to another participant`,
      );
    if (same.some((d) => toHex(d.der) === toHex(der)))
      throw new HttpProblem(409, 'DSC_DUPLICATE', 'this DSC is already uploaded');
    const version = await bumpTrustVersion(trx, config, 'dsc.upload', request.country, kid);
    await trx
      .insertInto('dscs')
      .values({
        country: request.country,
        kid,
        der,
        thumbprint: await config.crypto.sha256(der),
        not_before: dsc.notBefore,
        not_after: dsc.notAfter,
        revoked_at: null,
        revocation_reason: null,
        version,
        csca_id: cscaId,
        upload_signature: null,
      })
      .execute();
    await recordGatewayAction(trx, config, {
      actor: request.country,
      action: 'dsc.upload',
      subject: kid,
      details: { subject: dsc.subject },
    });
    return { kid, version };
  });
}

/** `dsc.revoke`: the country withdraws one of its DSCs (by kid). */
export async function revokeDsc(
  db: GatewayDb,
  config: GatewayConfig,
  request: GatewayRequest,
): Promise<{ version: number }> {
  const { kid, reason } = request.body;
  if (typeof kid !== 'string' || typeof reason !== 'string' || reason.length > 500) {
    throw new HttpProblem(400, 'REQUEST_MALFORMED', 'body needs kid (base64) and reason (text)');
  }
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('dscs')
      .select(['id', 'country', 'revoked_at'])
      .where('kid', '=', kid)
      .execute();
    const own = rows.filter((r) => r.country === request.country && r.revoked_at === null);
    if (rows.length === 0 || own.length === 0) {
      throw new HttpProblem(
        rows.some((r) => r.country !== request.country) ? 403 : 404,
        'DSC_NOT_FOUND',
        `no active DSC ${kid} of ${request.country}`,
      );
    }
    const version = await bumpTrustVersion(trx, config, 'dsc.revoke', request.country, kid);
    await trx
      .updateTable('dscs')
      .set({ revoked_at: config.now(), revocation_reason: reason, version })
      .where('kid', '=', kid)
      .where('country', '=', request.country)
      .execute();
    await recordGatewayAction(trx, config, {
      actor: request.country,
      action: 'dsc.revoke',
      subject: kid,
      details: { reason },
    });
    return { version };
  });
}
