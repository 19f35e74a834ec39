import { decodeBase45 } from '../base45/decode.js';
import { decodeCbor } from '../cbor/decode.js';
import { readCoseSign1, signedParts } from '../cose/sign1.js';
import { toBase64 } from '../lib/bytes.js';
import type { FindingCode } from '../report/catalog.js';
import type { EntryPassCredential, Report, SignerInfo } from '../report/report.js';
import { FormatRun, requireAt } from '../report/run.js';
import type { TrustedKey } from '../trust/trust-list.js';
import {
  DEFAULT_VERIFY_LIMITS,
  isoSeconds,
  type VerifyContext,
  type VerifyLimits,
} from '../verify.js';
import { inflateCapped } from '../zlib/inflate.js';
import {
  CLAIM_ENTRY_PASS,
  CLAIM_EXP,
  CLAIM_IAT,
  CLAIM_ISS,
  CLAIM_NBF,
  claimToPass,
  type EntryPass,
} from './claims.js';
import { CP1_PREFIX } from './issue.js';

/** The CWT claims of a pass, as read. */
interface PassClaims {
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  pass: EntryPass;
}

/**
 * Verifies an entry pass (`CP1:` code) offline and explains the decision, in the same
 * {@link Report} as `verify()` gives for health certificates: prefix, Base45, zlib, CBOR,
 * COSE_Sign1, the CWT claims and the pass claim (strict), the signing key by `kid` through the
 * same `TrustSource`, the signature, the entry window (`nbf`/`exp`) at `at`, the signer's
 * validity and its entry-pass key usage, that the destination issued it, revocation (the pass
 * id is looked up like a UCI in the trust data's revocation hashes), and, when the trust data
 * carries lanes, that the lane version the pass names exists. Never throws on bad input.
 *
 * @example
 * const report = await verifyEntryPass(cp1Text, { trust: bundle, at: new Date() });
 * report.status // 'valid'
 */
export async function verifyEntryPass(input: string, context: VerifyContext): Promise<Report> {
  if (typeof input !== 'string') throw new TypeError('verifyEntryPass() takes the QR text');
  requireAt(context.at, 'verifyEntryPass()', 'context.at');
  const run = new PassRun(context);
  await run.execute(input);
  return run.report();
}

class PassRun extends FormatRun<EntryPassCredential, VerifyLimits> {
  /** The trusted key whose signature verified. */
  signer: TrustedKey | undefined;

  constructor(readonly context: VerifyContext) {
    super(context.at, context, { ...DEFAULT_VERIFY_LIMITS, ...context.limits });
  }

  override signerInfo(): SignerInfo | undefined {
    if (!this.signer) return undefined;
    const { dsc } = this.signer;
    return {
      kid: toBase64(this.signer.kid),
      subject: dsc.subject,
      notBefore: dsc.notBefore.toISOString(),
      notAfter: dsc.notAfter.toISOString(),
      ...(dsc.country ? { country: dsc.country } : {}),
    };
  }

  async execute(input: string): Promise<void> {
    if (!this.sizeFits(input.length, this.limits.maxInputLength)) return;
    if (!input.startsWith(CP1_PREFIX)) return this.fail('prefix', 'PASS_PREFIX_MISSING');
    this.steps.prefix = 'passed';
    const compressed = decodeBase45(input, undefined, CP1_PREFIX.length);
    if (!compressed.ok) return this.fail('base45', 'PASS_BASE45_INVALID', compressed.params);
    this.steps.base45 = 'passed';
    const cose = inflateCapped(compressed.value, this.limits.maxInflatedSize);
    if (!cose.ok) {
      return cose.code === 'HC1_INFLATE_LIMIT'
        ? this.fail('compression', 'PASS_TOO_LARGE', { limit: this.limits.maxInflatedSize })
        : this.fail('compression', 'PASS_COMPRESSION_INVALID', {
            reason: String(cose.params?.reason ?? 'not zlib'),
          });
    }
    this.steps.compression = 'passed';
    const decoded = decodeCbor(cose.value, this.limits.cbor);
    if (!decoded.ok) return this.fail('cbor', decoded.code, decoded.params);
    this.steps.cbor = 'passed';
    const sign1 = readCoseSign1(decoded.value);
    if (!sign1.ok) return this.fail('cose', sign1.code as FindingCode, sign1.params);
    this.steps.cose = 'passed';
    const credential: EntryPassCredential = { format: 'entry-pass' };
    this.credential = credential;
    const message = sign1.value;
    if (message.kid) credential.kid = toBase64(message.kid);
    if (message.alg) credential.alg = message.alg;

    const claims = this.readClaims(message.payload, credential);
    if (!claims) return;
    for (const problem of this.context.trust.problems?.(this.context.at) ?? [])
      this.add(problem.code, problem.params);

    // Signature.
    if (!message.alg)
      return this.fail('signature', 'COSE_ALG_UNSUPPORTED', {
        alg: String(message.algId ?? 'none'),
      });
    if (!message.kid) return this.fail('trust', 'COSE_KID_MISSING');
    const candidates = this.context.trust.lookup(message.kid).filter((k) => k.alg === message.alg);
    if (candidates.length === 0)
      return this.fail('trust', 'DSC_UNKNOWN_KID', { kid: toBase64(message.kid) });
    this.steps.trust = 'passed';
    const { data, signature } = signedParts(message);
    for (const key of candidates) {
      if (await this.crypto.verify(key.alg, key.key, data, signature)) {
        this.signer = key;
        break;
      }
    }
    if (!this.signer) return this.fail('signature', 'COSE_SIGNATURE_INVALID');
    this.steps.signature = 'passed';
    this.checkDates(claims, this.signer);
    this.checkSigner(claims, this.signer);
    this.checkLane(claims.pass);
    await this.checkRevocation(claims, this.signer, signature.slice());
  }

  readClaims(payload: Uint8Array, credential: EntryPassCredential): PassClaims | undefined {
    const decoded = decodeCbor(payload, { ...this.limits.cbor, copyByteStrings: true });
    if (!decoded.ok) return this.fail('cwt', decoded.code, decoded.params);
    const map = decoded.value;
    if (!(map instanceof Map))
      return this.fail('cwt', 'PASS_CLAIMS_MALFORMED', { reason: 'the claims are not a map' });
    const iss = map.get(CLAIM_ISS);
    if (typeof iss !== 'string' || !/^[A-Z]{2}$/.test(iss))
      return this.fail('cwt', 'PASS_CLAIMS_MALFORMED', { reason: 'iss is not a country code' });
    const times: Record<string, number> = {};
    for (const [key, name] of [
      [CLAIM_IAT, 'iat'],
      [CLAIM_NBF, 'nbf'],
      [CLAIM_EXP, 'exp'],
    ] as const) {
      const value = map.get(key);
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        return this.fail('cwt', 'PASS_CLAIMS_MALFORMED', {
          reason: `${name} is not a NumericDate`,
        });
      times[name] = value;
    }
    credential.issuer = iss;
    credential.issuedAt = isoSeconds(times.iat!);
    credential.notBefore = isoSeconds(times.nbf!);
    credential.expiresAt = isoSeconds(times.exp!);
    if (times.exp! <= times.nbf!)
      return this.fail('cwt', 'PASS_CLAIMS_MALFORMED', { reason: 'exp is not after nbf' });
    const raw = map.get(CLAIM_ENTRY_PASS);
    credential.claims = raw;
    if (raw === undefined)
      return this.fail('cwt', 'PASS_CLAIMS_MALFORMED', {
        reason: 'the pass claim -70013 is missing',
      });
    this.steps.cwt = 'passed';
    const pass = claimToPass(raw);
    if (!pass.ok) return this.fail('schema', pass.code, pass.params);
    this.steps.schema = 'passed';
    credential.pass = pass.value;
    const h = pass.value.holder;
    credential.holder = {
      familyNameTransliterated: h.primaryIdentifier,
      givenNameTransliterated: h.secondaryIdentifier,
      dateOfBirth: h.dateOfBirth,
      ...(h.familyName !== undefined ? { familyName: h.familyName } : {}),
      ...(h.givenName !== undefined ? { givenName: h.givenName } : {}),
    };
    return { iss, iat: times.iat!, nbf: times.nbf!, exp: times.exp!, pass: pass.value };
  }

  checkDates(claims: PassClaims, signer: TrustedKey): void {
    const at = this.context.at.getTime() / 1000;
    let ok = true;
    if (at < claims.nbf) {
      ok = false;
      this.add('PASS_NOT_YET_VALID', { nbf: isoSeconds(claims.nbf) });
    }
    if (at >= claims.exp) {
      ok = false;
      this.add('PASS_EXPIRED', { exp: isoSeconds(claims.exp) });
    }
    const { notBefore, notAfter } = signer.dsc;
    const range = { notBefore: notBefore.toISOString(), notAfter: notAfter.toISOString() };
    if (claims.iat * 1000 < notBefore.getTime() || claims.iat * 1000 > notAfter.getTime()) {
      ok = false;
      this.add('DSC_VALIDITY_MISMATCH', { field: 'iat', value: isoSeconds(claims.iat), ...range });
    }
    if (claims.exp * 1000 > notAfter.getTime()) {
      ok = false;
      this.add('DSC_VALIDITY_MISMATCH', { field: 'exp', value: isoSeconds(claims.exp), ...range });
    }
    this.steps.validity = ok ? 'passed' : 'failed';
  }

  /** The entry-pass key usage, and a pass issued by its destination with a key of that country. */
  checkSigner(claims: PassClaims, signer: TrustedKey): void {
    if (signer.dsc.corridorUsage?.includes('entry-pass')) this.steps['key-usage'] = 'passed';
    else this.fail('key-usage', 'PASS_KEY_USAGE_MISSING');
    const country = signer.dsc.country ?? '?';
    const destination = claims.pass.destination;
    if (claims.iss !== destination || country !== destination) {
      this.steps.recognition = 'failed';
      this.add('PASS_ISSUER_MISMATCH', { iss: claims.iss, country, destination });
    }
  }

  checkLane(pass: EntryPass): void {
    const lanes = this.context.trust.lanes?.();
    if (!lanes) return;
    const known = lanes.some((l) => l.id === pass.lane.id && l.version === pass.lane.version);
    if (known) this.steps.lane = 'passed';
    else this.fail('lane', 'PASS_LANE_UNKNOWN', { lane: pass.lane.id, version: pass.lane.version });
  }

  async checkRevocation(
    claims: PassClaims,
    signer: TrustedKey,
    signature: Uint8Array,
  ): Promise<void> {
    const trust = this.context.trust;
    if (!trust.hasRevocations || !trust.isRevoked) return;
    const revoked = await trust.isRevoked(
      {
        uci: claims.pass.id,
        country: signer.dsc.country ?? claims.iss,
        signature,
        alg: signer.alg,
      },
      this.crypto,
    );
    if (revoked) this.fail('revocation', 'PASS_REVOKED');
    else this.steps.revocation = 'passed';
  }
}
