// Signing one certificate (no database access), the hashes stored with it and its audit entry.
import { createHash, createHmac } from 'node:crypto';
import { issueHcert } from '@corridor/core/issue';
import type { Insertable, Transaction } from 'kysely';
import { appendAudits } from '../audit/append.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { capturingSigner } from '../crypto/capturing-signer.js';
import type { CorridorSchema, IssuedCertificateType } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { seal } from './certificate-seal.js';
import type { Actor, IssuedHcert } from './certificates.js';
import type { IssuanceNode } from './config.js';
import { holderKeyText, type IssueRequest, prepareCertificate } from './request.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const MAX_IDEMPOTENCY_KEY = 200;

/**
 * The stored form of an idempotency key: SHA-256 of account ‖ 0x00 ‖ key. Throws 400
 * `IDEMPOTENCY_KEY_INVALID` unless the key has 1–200 characters.
 */
export function idempotencyKeyHash(account: string, key: string): Uint8Array {
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY)
    throw new HttpProblem(
      400,
      'IDEMPOTENCY_KEY_INVALID',
      `an idempotency key has 1 to ${MAX_IDEMPOTENCY_KEY} characters`,
    );
  return sha256(`${account}\u0000${key}`);
}

/**
 * SHA-256 of the request in canonical JSON: what a retried idempotency key is compared with,
 * so the same key with a different request is refused.
 */
export function requestHashOf(request: IssueRequest): Uint8Array {
  return sha256(
    canonicalJson(
      JSON.parse(
        JSON.stringify({
          type: request.type,
          payload: request.payload,
          options: request.options ?? {},
        }),
      ),
    ),
  );
}

/** A signed certificate not yet stored: its database row and the answer to its issuer. */
export interface SignedCertificate {
  row: Insertable<CorridorSchema['issued_certificates']> & {
    uci: string;
    exp: Date;
    kid: string;
    dsc_label: string;
    type: IssuedCertificateType;
  };
  issued: IssuedHcert;
}

/** Validates, completes and signs one request (no database access). */
export async function signCertificate(
  request: IssueRequest,
  node: IssuanceNode,
  actor: Actor,
  now: Date,
  keyHash: Uint8Array | null,
  requestHash: Uint8Array,
): Promise<SignedCertificate> {
  const prepared = prepareCertificate(node, request, now);
  const signer = await node.signers.select(prepared.type, now, request.options?.dsc);
  // A certificate never outlives its DSC.
  const expiresAt = new Date(Math.min(prepared.expiresAt.getTime(), signer.notAfter.getTime()));
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const capture = capturingSigner(node.crypto);
  const hc1 = await issueHcert(prepared.dcc, {
    signer: {
      alg: signer.alg,
      privateKey: signer.privateKey,
      kid: signer.kid,
      country: node.country,
    },
    at: issuedAt,
    expiresAt,
    crypto: capture.crypto,
  });
  const retainHours = node.config.retainCertificateHours ?? 24;
  const retainDays = node.config.retainPayloadDays ?? 0;
  const row = {
    uci: prepared.uci,
    type: prepared.type,
    country: node.country,
    kid: signer.kidBase64,
    dsc_label: signer.label,
    iat: issuedAt,
    exp: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000),
    holder_hash: new Uint8Array(
      createHmac('sha256', node.holderKey).update(holderKeyText(prepared.dcc)).digest(),
    ),
    signature_hash: signatureHash(signer.alg, capture.signature('issueHcert')),
    idempotency_key_hash: keyHash,
    request_hash: requestHash,
    issued_by: actor.id,
    account: actor.account,
    sealed_hc1: retainHours > 0 ? seal(node.sealKey, prepared.uci, hc1) : null,
    sealed_hc1_until: retainHours > 0 ? new Date(now.getTime() + retainHours * HOUR) : null,
    payload: retainDays > 0 ? JSON.stringify(prepared.dcc) : null,
    payload_until: retainDays > 0 ? new Date(now.getTime() + retainDays * DAY) : null,
  };
  return {
    row,
    issued: {
      uci: prepared.uci,
      type: prepared.type,
      hc1,
      kid: signer.kidBase64,
      dsc: signer.label,
      issuedAt,
      expiresAt: row.exp,
      replayed: false,
    },
  };
}

/** Appends the `certificate.issue` audit entry, in the transaction that stores the row. */
export async function auditIssue(
  trx: Transaction<CorridorSchema>,
  actor: Actor,
  now: Date,
  row: SignedCertificate['row'],
): Promise<void> {
  await auditIssues(trx, now, [{ actor, row }]);
}

/** The `certificate.issue` entries of several certificates, appended together, in order. */
export async function auditIssues(
  trx: Transaction<CorridorSchema>,
  now: Date,
  issued: readonly { actor: Actor; row: SignedCertificate['row'] }[],
): Promise<void> {
  await appendAudits(
    trx,
    issued.map(({ actor, row }) => ({
      actor: actor.id,
      action: 'certificate.issue',
      subject: row.uci,
      at: now,
      details: {
        type: row.type,
        kid: row.kid,
        dsc: row.dsc_label,
        exp: row.exp.toISOString(),
        account: actor.account,
      },
    })),
  );
}

/**
 * First 16 bytes of the SHA-256 of the COSE signature, as the EU `SIGNATURE` revocation hash:
 * for ES256 over the `r` half only (the convention `TrustBundle.isRevoked` checks).
 */
export function signatureHash(alg: string, signature: Uint8Array): Uint8Array {
  const part = alg === 'ES256' ? signature.subarray(0, signature.length / 2) : signature;
  return sha256(part).subarray(0, 16);
}

function sha256(data: string | Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}
