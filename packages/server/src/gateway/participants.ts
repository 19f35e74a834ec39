import type { CoseVerificationKey } from '@corridor/core/cose';
import { toBase64, toHex } from '@corridor/core/lib';
import { readDsc } from '@corridor/core/x509';
import { HttpProblem } from '../http/problem.js';
import type { GatewayConfig, GatewayDb } from './config.js';
import { bumpTrustVersion, recordGatewayAction } from './ledger.js';
import {
  certificateKidOf,
  participantRecordIntact,
  readParticipantCertificate,
  signParticipantRecord,
  verificationKeyOf,
} from './participant-record.js';
import { checkGatewayRequest, type GatewayRequest } from './signed-request.js';

/** What the operator supplies to onboard a country. */
export interface OnboardInput {
  country: string;
  name: string;
  uploadCertificate: Uint8Array;
  authorityCertificate: Uint8Array;
  cscas: Uint8Array[];
}

/** A participant as the gateway lists it. */
export interface ParticipantSummary {
  country: string;
  name: string;
  status: string;
  version: number;
}

/**
 * Onboards a country (operator action): checks its certificates, then in one transaction
 * signs its record, stores its CSCAs and bumps the trust version.
 */
export async function onboardParticipant(
  db: GatewayDb,
  config: GatewayConfig,
  input: OnboardInput,
  actor: string,
): Promise<void> {
  const now = config.now();
  if (!/^[A-Z]{2}$/.test(input.country))
    throw new HttpProblem(422, 'COUNTRY_INVALID', 'country must be ISO 3166-1 alpha-2');
  if (input.cscas.length === 0)
    throw new HttpProblem(422, 'CSCA_MISSING', 'at least one CSCA is required');
  const cscas = input.cscas.map((der) => readParticipantCertificate(der, 'CSCA'));
  for (const c of cscas) {
    if (c.country !== input.country)
      throw new HttpProblem(
        422,
        'CSCA_COUNTRY_MISMATCH',
        `CSCA country ${c.country ?? 'missing'} is not ${input.country}`,
      );
  }
  const upload = readParticipantCertificate(input.uploadCertificate, 'upload certificate');
  const authority = readParticipantCertificate(input.authorityCertificate, 'authority certificate');
  for (const [what, cert] of [
    ['upload', upload],
    ['authority', authority],
  ] as const) {
    if (cert.country !== input.country)
      throw new HttpProblem(
        422,
        'CERT_COUNTRY_MISMATCH',
        `${what} certificate is not of ${input.country}`,
      );
    if (now > cert.notAfter)
      throw new HttpProblem(422, 'CERT_EXPIRED', `${what} certificate expired`);
  }
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('participants')
      .select('country')
      .where('country', '=', input.country)
      .executeTakeFirst();
    if (existing)
      throw new HttpProblem(409, 'PARTICIPANT_EXISTS', `${input.country} is already onboarded`);
    const version = await bumpTrustVersion(
      trx,
      config,
      'participant.onboard',
      input.country,
      input.country,
    );
    const record = {
      country: input.country,
      name: input.name,
      status: 'active' as const,
      upload_cert: input.uploadCertificate,
      authority_cert: input.authorityCertificate,
      version,
    };
    const signature = await signParticipantRecord(config, record);
    await trx
      .insertInto('participants')
      .values({ ...record, gateway_signature: signature, signed_at: now })
      .execute();
    for (const der of input.cscas) {
      const c = readDsc(der);
      await trx
        .insertInto('cscas')
        .values({
          country: input.country,
          kid: toBase64(await certificateKidOf(config, der)),
          der,
          thumbprint: await config.crypto.sha256(der),
          not_before: c.notBefore,
          not_after: c.notAfter,
          revoked_at: null,
          revocation_reason: null,
          version,
        })
        .execute();
    }
    await recordGatewayAction(trx, config, {
      actor,
      action: 'participant.onboard',
      subject: input.country,
      details: { name: input.name, cscas: input.cscas.length },
    });
  });
}

/** Participants whose gateway signature still matches their record. */
export async function listParticipants(
  db: GatewayDb,
  config: GatewayConfig,
): Promise<ParticipantSummary[]> {
  const rows = await db.selectFrom('participants').selectAll().orderBy('country').execute();
  const out: ParticipantSummary[] = [];
  for (const row of rows) {
    if (await participantRecordIntact(config, row))
      out.push({
        country: row.country,
        name: row.name,
        status: row.status,
        version: Number(row.version),
      });
  }
  return out;
}

/** Upload keys of an onboarded, active participant whose signed record is intact. */
export async function uploadKeysOf(
  db: GatewayDb,
  config: GatewayConfig,
  country: string,
): Promise<CoseVerificationKey[]> {
  const row = await db
    .selectFrom('participants')
    .selectAll()
    .where('country', '=', country)
    .executeTakeFirst();
  if (row?.status !== 'active' || !(await participantRecordIntact(config, row))) return [];
  return [await verificationKeyOf(config, row.upload_cert)];
}

/** Spends a request nonce; false when the country used it before (a replay). */
async function spendNonce(db: GatewayDb, country: string, nonce: Uint8Array): Promise<boolean> {
  const result = await db
    .insertInto('nonces')
    .values({ country, nonce: toHex(nonce) })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Authenticates a signed request for `action` (401/403/409 problems otherwise). */
export async function authenticateRequest(
  db: GatewayDb,
  config: GatewayConfig,
  bytes: Uint8Array,
  action: string,
): Promise<GatewayRequest> {
  const result = await checkGatewayRequest(bytes, action, {
    uploadKeys: (country) => uploadKeysOf(db, config, country),
    useNonce: (country, nonce) => spendNonce(db, country, nonce),
    now: config.now(),
    crypto: config.crypto,
  });
  if (!result.ok)
    throw new HttpProblem(result.problem.status, result.problem.code, result.problem.detail);
  return result.request;
}
