import { decodeBase45 } from '../base45/decode.js';
import { copyingLimits, decodeCbor } from '../cbor/decode.js';
import { fastCoseAllowed, readCoseSign1Fast } from '../cose/read-fast.js';
import { readCoseSign1, signedParts, sigStructureReused } from '../cose/sign1.js';
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
export function verifyEntryPass(input: string, context: VerifyContext): Promise<Report> {
  // Not `async`: with a synchronous crypto provider the whole run settles without a promise
  // turn per stage; usage errors still arrive as rejections.
  try {
    if (typeof input !== 'string') throw new TypeError('verifyEntryPass() takes the QR text');
    requireAt(context.at, 'verifyEntryPass()', 'context.at');
    const run = new PassRun(context);
    const pending = run.execute(input);
    return pending ? pending.then(() => run.report()) : Promise.resolve(run.report());
  } catch (error) {
    return Promise.reject(error);
  }
}

/** A CWT NumericDate as a pass carries it: whole seconds. */
function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Base45 output, reused by every run (see `PassRun.execute`). */
let base45Scratch = new Uint8Array(1024);

/** Signer descriptions, made once per trusted key and shared (frozen) by every report. */
const signerInfos = new WeakMap<TrustedKey, SignerInfo>();

class PassRun extends FormatRun<EntryPassCredential, VerifyLimits> {
  /** The trusted key whose signature verified. */
  signer: TrustedKey | undefined;

  constructor(readonly context: VerifyContext) {
    super(
      context.at,
      context,
      context.limits ? { ...DEFAULT_VERIFY_LIMITS, ...context.limits } : DEFAULT_VERIFY_LIMITS,
    );
  }

  override signerInfo(): SignerInfo | undefined {
    const signer = this.signer;
    if (!signer) return undefined;
    let info = signerInfos.get(signer);
    if (!info) {
      const { dsc } = signer;
      info = Object.freeze({
        kid: toBase64(signer.kid),
        subject: dsc.subject,
        notBefore: dsc.notBefore.toISOString(),
        notAfter: dsc.notAfter.toISOString(),
        ...(dsc.country ? { country: dsc.country } : {}),
      });
      signerInfos.set(signer, info);
    }
    return info;
  }

  /**
   * Runs the pipeline; returns a promise only when the crypto provider (or a revocation
   * check) is asynchronous. Base45 and zlib output are reused buffers: nothing awaits until
   * the signed bytes are handed to a synchronous provider, or copied for an asynchronous one.
   */
  execute(input: string): Promise<void> | undefined {
    if (!this.sizeFits(input.length, this.limits.maxInputLength)) return;
    if (!input.startsWith(CP1_PREFIX)) return this.fail('prefix', 'PASS_PREFIX_MISSING');
    this.steps.prefix = 'passed';
    if (base45Scratch.length < input.length) base45Scratch = new Uint8Array(input.length);
    const compressed = decodeBase45(input, base45Scratch, CP1_PREFIX.length);
    if (!compressed.ok) return this.fail('base45', 'PASS_BASE45_INVALID', compressed.params);
    this.steps.base45 = 'passed';
    const cose = inflateCapped(compressed.value, this.limits.maxInflatedSize, { copy: false });
    if (!cose.ok) {
      return cose.code === 'HC1_INFLATE_LIMIT'
        ? this.fail('compression', 'PASS_TOO_LARGE', { limit: this.limits.maxInflatedSize })
        : this.fail('compression', 'PASS_COMPRESSION_INVALID', {
            reason: String(cose.params?.reason ?? 'not zlib'),
          });
    }
    this.steps.compression = 'passed';
    // The usual shape straight from the bytes (as for HC1); anything else through the
    // generic decoder, which names the problem.
    let message = fastCoseAllowed(this.limits.cbor) ? readCoseSign1Fast(cose.value) : undefined;
    if (message) {
      this.steps.cbor = 'passed';
      this.steps.cose = 'passed';
    } else {
      const decoded = decodeCbor(cose.value, this.limits.cbor);
      if (!decoded.ok) return this.fail('cbor', decoded.code, decoded.params);
      this.steps.cbor = 'passed';
      const sign1 = readCoseSign1(decoded.value);
      if (!sign1.ok) return this.fail('cose', sign1.code as FindingCode, sign1.params);
      this.steps.cose = 'passed';
      message = sign1.value;
    }
    const credential: EntryPassCredential = { format: 'entry-pass' };
    this.credential = credential;
    if (message.kid) credential.kid = toBase64(message.kid);
    if (message.alg) credential.alg = message.alg;

    const claims = this.readClaims(message.payload, credential);
    if (!claims) return;
    for (const problem of this.context.trust.problems?.(this.context.at) ?? [])
      this.add(problem.code, problem.params);

    // Signature.
    const alg = message.alg;
    if (!alg)
      return this.fail('signature', 'COSE_ALG_UNSUPPORTED', {
        alg: String(message.algId ?? 'none'),
      });
    if (!message.kid) return this.fail('trust', 'COSE_KID_MISSING');
    const candidates = this.context.trust.lookup(message.kid).filter((k) => k.alg === alg);
    if (candidates.length === 0)
      return this.fail('trust', 'DSC_UNKNOWN_KID', { kid: toBase64(message.kid) });
    this.steps.trust = 'passed';
    // A synchronous provider is done with the bytes when it returns: it gets views of the
    // reused buffers. An asynchronous one, and the revocation check, get copies.
    const sync = this.crypto.sync === true;
    const { data, signature } = sync
      ? {
          data: sigStructureReused(message.protectedBytes, message.payload),
          signature: message.signature,
        }
      : signedParts(message);
    const kept = this.context.trust.hasRevocations ? signature.slice() : signature;
    const signer = this.tryCandidates(candidates, 0, data, signature);
    if (signer instanceof Promise) return signer.then((k) => this.checkSigned(claims, k, kept));
    return this.checkSigned(claims, signer, kept);
  }

  /** Tries each key sharing the `kid` in turn; stays synchronous while the provider is. */
  tryCandidates(
    candidates: readonly TrustedKey[],
    from: number,
    data: Uint8Array,
    signature: Uint8Array,
  ): TrustedKey | undefined | Promise<TrustedKey | undefined> {
    for (let i = from; i < candidates.length; i++) {
      const key = candidates[i]!;
      const verdict = this.crypto.verify(key.alg, key.key, data, signature);
      if (verdict instanceof Promise)
        return verdict.then((good) =>
          good ? key : this.tryCandidates(candidates, i + 1, data, signature),
        );
      if (verdict) return key;
    }
    return undefined;
  }

  /** The checks after the signature: entry window, signer, lane, revocation. */
  checkSigned(
    claims: PassClaims,
    signer: TrustedKey | undefined,
    signature: Uint8Array,
  ): Promise<void> | undefined {
    if (!signer) return this.fail('signature', 'COSE_SIGNATURE_INVALID');
    this.signer = signer;
    this.steps.signature = 'passed';
    this.checkDates(claims, signer);
    this.checkSigner(claims, signer);
    this.checkLane(claims.pass);
    return this.checkRevocation(claims, signer, signature);
  }

  readClaims(payload: Uint8Array, credential: EntryPassCredential): PassClaims | undefined {
    const decoded = decodeCbor(payload, copyingLimits(this.limits.cbor));
    if (!decoded.ok) return this.fail('cwt', decoded.code, decoded.params);
    const map = decoded.value;
    if (!(map instanceof Map))
      return this.fail('cwt', 'PASS_CLAIMS_MALFORMED', { reason: 'the claims are not a map' });
    const iss = map.get(CLAIM_ISS);
    if (typeof iss !== 'string' || !/^[A-Z]{2}$/.test(iss))
      return this.fail('cwt', 'PASS_CLAIMS_MALFORMED', { reason: 'iss is not a country code' });
    const iat = map.get(CLAIM_IAT);
    if (!isNumericDate(iat)) return this.notNumericDate('iat');
    const nbf = map.get(CLAIM_NBF);
    if (!isNumericDate(nbf)) return this.notNumericDate('nbf');
    const exp = map.get(CLAIM_EXP);
    if (!isNumericDate(exp)) return this.notNumericDate('exp');
    credential.issuer = iss;
    credential.issuedAt = isoSeconds(iat);
    credential.notBefore = isoSeconds(nbf);
    credential.expiresAt = isoSeconds(exp);
    if (exp <= nbf)
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
    return { iss, iat, nbf, exp, pass: pass.value };
  }

  notNumericDate(name: 'iat' | 'nbf' | 'exp'): undefined {
    return this.fail('cwt', 'PASS_CLAIMS_MALFORMED', { reason: `${name} is not a NumericDate` });
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
    const range = () => ({ notBefore: notBefore.toISOString(), notAfter: notAfter.toISOString() });
    if (claims.iat * 1000 < notBefore.getTime() || claims.iat * 1000 > notAfter.getTime()) {
      ok = false;
      this.add('DSC_VALIDITY_MISMATCH', {
        field: 'iat',
        value: isoSeconds(claims.iat),
        ...range(),
      });
    }
    if (claims.exp * 1000 > notAfter.getTime()) {
      ok = false;
      this.add('DSC_VALIDITY_MISMATCH', {
        field: 'exp',
        value: isoSeconds(claims.exp),
        ...range(),
      });
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

  checkRevocation(
    claims: PassClaims,
    signer: TrustedKey,
    signature: Uint8Array,
  ): Promise<void> | undefined {
    const trust = this.context.trust;
    if (!trust.hasRevocations || !trust.isRevoked) return undefined;
    return this.revocation(trust.isRevoked.bind(trust), claims, signer, signature);
  }

  async revocation(
    isRevoked: NonNullable<VerifyContext['trust']['isRevoked']>,
    claims: PassClaims,
    signer: TrustedKey,
    signature: Uint8Array,
  ): Promise<void> {
    const revoked = await isRevoked(
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
