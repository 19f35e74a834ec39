import { encodeCbor } from '@corridor/core/cbor';
import { type CoseVerificationKey, signCoseSign1, verifyCoseSign1 } from '@corridor/core/cose';
import { toHex } from '@corridor/core/lib';
import { readDsc } from '@corridor/core/x509';
import { HttpProblem } from '../http/problem.js';
import { readCertificate } from '../pki/certificate.js';
import type { GatewayConfig, GatewayDb, GatewayTrx } from './config.js';

/** The columns of a participant row that the gateway's signature covers. */
export interface ParticipantRow {
  country: string;
  name: string;
  status: string;
  upload_cert: Uint8Array;
  authority_cert: Uint8Array;
  gateway_signature: Uint8Array | null;
  version: number | string;
}

/** The record the anchor signs for a participant: every column a tamperer could change. */
function participantPayload(row: Omit<ParticipantRow, 'gateway_signature'>): Uint8Array {
  return encodeCbor({
    country: row.country,
    name: row.name,
    status: row.status,
    upload_cert: row.upload_cert,
    authority_cert: row.authority_cert,
    version: Number(row.version),
  });
}

/**
 * Signs a participant record with the trust anchor. Participant rows are read back only
 * through {@link participantRecordIntact}, so a row edited in the database loses its rights.
 */
export async function signParticipantRecord(
  config: GatewayConfig,
  row: Omit<ParticipantRow, 'gateway_signature'>,
): Promise<Uint8Array> {
  return signCoseSign1(participantPayload(row), { signer: config.anchor, crypto: config.crypto });
}

/** Re-checks the gateway's signature over a participant row (tampering shows here). */
export async function participantRecordIntact(
  config: GatewayConfig,
  row: ParticipantRow,
): Promise<boolean> {
  if (!row.gateway_signature) return false;
  const checked = await verifyCoseSign1(row.gateway_signature, [config.anchorKey], {
    crypto: config.crypto,
  });
  if (!checked.ok) return false;
  return toHex(checked.value.sign1.payload) === toHex(participantPayload(row));
}

/** Reads a certificate a participant sent; an unreadable one is a 422 naming `what`. */
export function readParticipantCertificate(der: Uint8Array, what: string) {
  try {
    return readDsc(der);
  } catch (error) {
    throw new HttpProblem(422, 'CERTIFICATE_UNREADABLE', `${what}: ${(error as Error).message}`);
  }
}

/** Whether the certificate says it is a CA (basicConstraints cA); unreadable counts as 422. */
export async function isCaCertificate(der: Uint8Array): Promise<boolean> {
  try {
    return (await readCertificate(der)).ca;
  } catch (error) {
    throw new HttpProblem(422, 'CERTIFICATE_UNREADABLE', `DSC: ${(error as Error).message}`);
  }
}

/** The HCERT key identifier of a certificate: the first 8 bytes of its SHA-256. */
export async function certificateKidOf(
  config: GatewayConfig,
  der: Uint8Array,
): Promise<Uint8Array> {
  return (await config.crypto.sha256(der)).subarray(0, 8);
}

/** The COSE verification key of a certificate held by the gateway. */
export async function verificationKeyOf(
  config: GatewayConfig,
  der: Uint8Array,
): Promise<CoseVerificationKey> {
  const cert = readDsc(der);
  if (!cert.keyAlg) throw new HttpProblem(422, 'CERTIFICATE_UNREADABLE', 'unsupported key');
  const key = await config.crypto.importPublicKey(cert.spki, cert.keyAlg, cert.curve);
  return { kid: await certificateKidOf(config, der), alg: cert.keyAlg, key };
}

/** The authority key of an intact participant (403 otherwise): it signs documents. */
export async function authorityKeyOf(
  db: GatewayDb,
  config: GatewayConfig,
  country: string,
): Promise<CoseVerificationKey> {
  const row = await db
    .selectFrom('participants')
    .selectAll()
    .where('country', '=', country)
    .executeTakeFirst();
  if (!row || !(await participantRecordIntact(config, row)))
    throw new HttpProblem(
      403,
      'REQUEST_WRONG_PARTICIPANT',
      `${country} is not an intact participant`,
    );
  return verificationKeyOf(config, row.authority_cert);
}

/** The authority keys of those of `countries` that are intact participants. */
export async function authorityKeysOf(
  trx: GatewayTrx,
  config: GatewayConfig,
  countries: readonly string[],
): Promise<Map<string, CoseVerificationKey[]>> {
  const map = new Map<string, CoseVerificationKey[]>();
  for (const country of countries) {
    const row = await trx
      .selectFrom('participants')
      .selectAll()
      .where('country', '=', country)
      .executeTakeFirst();
    if (row && (await participantRecordIntact(config, row)))
      map.set(country, [await verificationKeyOf(config, row.authority_cert)]);
  }
  return map;
}
