import { type CborLimits, DEFAULT_CBOR_LIMITS, decodeCbor } from '../cbor/decode.js';
import { Tagged } from '../cbor/tagged.js';
import { sigStructure } from '../cose/sign1.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { utf8Decode } from '../lib/bytes.js';
import type { FindingCode } from '../report/catalog.js';
import { registerFindings } from '../report/catalog.js';
import type { FindingParams, Lang } from '../report/finding.js';
import type { Holder, NzcpCredential, Report } from '../report/report.js';
import { FormatRun, requireAt, withDefaults } from '../report/run.js';
import { decodeBase32 } from './base32.js';
import {
  isoFromSeconds,
  type NzcpClaims,
  readNzcpClaims,
  readNzcpSubject,
  TAG_UINT8_ARRAY,
} from './claims.js';
import { NZCP_FINDINGS } from './findings.js';
import type { NzcpTrust } from './trust.js';

// This format's findings join the catalog when its verifier loads (`report/catalog.ts`).
registerFindings(NZCP_FINDINGS);

/** The context every NZ COVID Pass starts with (NZCP §"2D Barcode Encoding"). */
export const NZCP_PREFIX = 'NZCP:/';

/** Input limits of NZCP verification. */
export interface NzcpLimits {
  /** Longest pass text accepted (a version-40 QR holds 4,296 alphanumeric characters). */
  maxInputLength: number;
  cbor: CborLimits;
}

/** Defaults: a QR's worth of text; CBOR with COSE tag 18 only. */
export const DEFAULT_NZCP_LIMITS: NzcpLimits = {
  maxInputLength: 4296,
  cbor: { ...DEFAULT_CBOR_LIMITS, allowedTags: new Set([18]) },
};

/** Everything {@link verifyNzcp} needs besides the pass. */
export interface NzcpVerifyOptions {
  trust: NzcpTrust;
  /** The verification instant; core never reads the clock. */
  at: Date;
  lang?: Lang;
  crypto?: CryptoProvider;
  limits?: Partial<NzcpLimits>;
}

/**
 * Verifies an NZ COVID Pass (`NZCP:/1/<Base32 COSE_Sign1>`) offline and explains the decision.
 *
 * Follows the spec's "Steps to verify": prefix and version, Base32, a COSE_Sign1 tagged 18
 * with ES256 and `kid` in the protected header (as text, or as the byte string the published
 * examples use), the CWT claims (`iss` a `did:web`, `nbf`, `exp`, `cti` a UUID, `vc`), the
 * issuer against the trusted issuers, the key `iss#kid` from the issuer's DID document (a
 * `JsonWebKey2020` P-256 key under `assertionMethod`), the signature, and `nbf <= at < exp`.
 * From the claims on every check runs, so one report lists every problem. Never throws on
 * bad input.
 *
 * @example
 * const report = await verifyNzcp(qrText, { trust, at: new Date() });
 * report.status; // 'valid'
 */
export async function verifyNzcp(
  input: string | Uint8Array,
  options: NzcpVerifyOptions,
): Promise<Report> {
  const run = new NzcpRun(options);
  await run.execute(input);
  return run.report();
}

/** The claims' CBOR limits: the envelope's, plus tag 64 (see `readNzcpClaims`). */
function claimLimitsOf(limits: NzcpLimits): CborLimits {
  return {
    ...limits.cbor,
    allowedTags: new Set([...limits.cbor.allowedTags, TAG_UINT8_ARRAY]),
  };
}
const DEFAULT_CLAIM_LIMITS = claimLimitsOf(DEFAULT_NZCP_LIMITS);

class NzcpRun extends FormatRun<NzcpCredential, NzcpLimits> {
  /** The claims' CBOR limits: the envelope's, plus tag 64 (see `readNzcpClaims`). */
  readonly claimLimits: CborLimits;

  constructor(readonly options: NzcpVerifyOptions) {
    requireAt(options.at, 'verifyNzcp()');
    super(options.at, options, withDefaults(DEFAULT_NZCP_LIMITS, options.limits));
    // The defaults' claim limits are built once: a Set per verification was measurable.
    this.claimLimits = options.limits ? claimLimitsOf(this.limits) : DEFAULT_CLAIM_LIMITS;
  }

  async execute(input: string | Uint8Array): Promise<void> {
    let text: string;
    if (typeof input === 'string') text = input;
    else if (input instanceof Uint8Array) {
      if (input.length > this.limits.maxInputLength * 4) {
        return this.add('INPUT_TOO_LARGE', {
          size: input.length,
          limit: this.limits.maxInputLength,
        });
      }
      try {
        text = utf8Decode(input);
      } catch {
        return this.add('NZCP_PREFIX_MISSING');
      }
    } else throw new TypeError('verifyNzcp() takes the QR text as a string or bytes');
    if (!this.sizeFits(text.length, this.limits.maxInputLength)) return;
    if (!text.startsWith(NZCP_PREFIX)) {
      this.steps.prefix = 'failed';
      return this.add('NZCP_PREFIX_MISSING');
    }
    const slash = text.indexOf('/', NZCP_PREFIX.length);
    const version = text.slice(NZCP_PREFIX.length, slash < 0 ? text.length : slash);
    if (slash < 0 || version !== '1') {
      this.steps.prefix = 'failed';
      return this.add('NZCP_VERSION_UNSUPPORTED', { version: version.slice(0, 16) });
    }
    this.steps.prefix = 'passed';
    const bytes = this.stage('base32', decodeBase32(text, slash + 1));
    if (!bytes) return;
    const decoded = this.stage('cbor', decodeCbor(bytes, this.limits.cbor));
    if (decoded === undefined) return;
    const sign1 = this.readSign1(decoded);
    if (!sign1) return;

    const credential: NzcpCredential = { format: 'nzcp' };
    this.credential = credential;
    if (sign1.kid !== undefined) credential.kid = sign1.kid;
    if (sign1.alg === -7) credential.alg = 'ES256';

    const claims = this.stage('cwt', readNzcpClaims(sign1.payload, this.claimLimits));
    if (!claims) return;
    if (claims.problems.length > 0) this.steps.cwt = 'failed';
    for (const reason of claims.problems) this.add('NZCP_CLAIMS_INVALID', { reason });
    this.describe(credential, claims);

    const key = this.resolveKey(claims.iss, sign1.kid);
    if (key !== undefined && sign1.alg === -7) {
      const data = sigStructure(sign1.protectedBytes, sign1.payload);
      let good = false;
      if (sign1.signature.length === 64) {
        const verified = this.crypto.verify('ES256', key, data, sign1.signature);
        // A synchronous provider's answer is taken as is: no turn of the event loop.
        good = typeof verified === 'boolean' ? verified : await verified;
      }
      this.steps.signature = good ? 'passed' : 'failed';
      if (!good) this.add('COSE_SIGNATURE_INVALID');
    }
    this.checkDates(claims);
  }

  /** NZCP's COSE_Sign1: tag 18, four parts, `alg` and `kid` in the protected header. */
  readSign1(value: unknown): Sign1 | undefined {
    const fail = (reason: string) => {
      this.steps.cose = 'failed';
      this.add('NZCP_COSE_INVALID', { reason });
      return undefined;
    };
    if (!(value instanceof Tagged) || value.tag !== 18) return fail('not tagged 18 (COSE_Sign1)');
    const parts = value.value;
    if (!Array.isArray(parts) || parts.length !== 4) return fail('not an array of four parts');
    const [protectedBytes, , payload, signature] = parts as unknown[];
    if (
      !(protectedBytes instanceof Uint8Array) ||
      !(payload instanceof Uint8Array) ||
      !(signature instanceof Uint8Array)
    ) {
      return fail('protected header, payload or signature is not a byte string');
    }
    const header = decodeCbor(protectedBytes, this.limits.cbor);
    if (!header.ok) return fail(`protected header: ${header.params?.reason ?? header.code}`);
    if (!(header.value instanceof Map)) return fail('protected header is not a map');
    this.steps.cose = 'passed';
    const sign1: Sign1 = { protectedBytes, payload, signature };
    const alg = header.value.get(1);
    if (typeof alg === 'number') sign1.alg = alg;
    if (alg !== -7) {
      this.steps.cose = 'failed';
      this.add('NZCP_ALG_UNSUPPORTED', { alg: typeof alg === 'number' ? alg : 'none' });
    }
    const kid = header.value.get(4);
    if (typeof kid === 'string') sign1.kid = kid;
    else if (kid instanceof Uint8Array) {
      try {
        sign1.kid = utf8Decode(kid);
        this.add('NZCP_KID_BYTE_STRING', { kid: sign1.kid });
      } catch {
        this.steps.cose = 'failed';
        this.add('NZCP_COSE_INVALID', { reason: 'kid is not UTF-8' });
      }
    } else {
      this.steps.cose = 'failed';
      this.add('NZCP_KID_MISSING');
    }
    return sign1;
  }

  describe(credential: NzcpCredential, claims: NzcpClaims): void {
    if (claims.iss !== undefined) {
      credential.issuerId = claims.iss;
      credential.issuer = this.options.trust.trustedIssuer(claims.iss)?.country ?? claims.iss;
    }
    if (claims.nbf !== undefined) credential.issuedAt = isoFromSeconds(claims.nbf);
    if (claims.exp !== undefined) credential.expiresAt = isoFromSeconds(claims.exp);
    if (claims.jti !== undefined) credential.jti = claims.jti;
    const payload: Record<string, unknown> = {};
    for (const name of ['iss', 'nbf', 'exp', 'jti', 'vc'] as const) {
      if (claims[name] !== undefined) payload[name] = claims[name];
    }
    credential.payload = payload;
    if (!claims.vc) return;
    const subject = readNzcpSubject(claims.vc);
    if (subject.passType !== undefined) credential.passType = subject.passType;
    const holder: Holder = {};
    if (subject.givenName !== undefined) holder.givenName = subject.givenName;
    if (subject.familyName !== undefined) holder.familyName = subject.familyName;
    if (subject.dob !== undefined) holder.dateOfBirth = subject.dob;
    credential.holder = holder;
    this.steps.schema = subject.problems.length === 0 ? 'passed' : 'failed';
    for (const reason of subject.problems) this.add('NZCP_CREDENTIAL_INVALID', { reason });
  }

  /** The issuer must be trusted before its key is looked up (NZCP §"Issuer Identifier"). */
  resolveKey(iss: string | undefined, kid: string | undefined): unknown | undefined {
    if (iss === undefined || kid === undefined) {
      this.steps.trust = 'failed';
      return undefined;
    }
    const trust = this.options.trust;
    const keyId = `${iss}#${kid}`;
    const failed = (code: FindingCode, params: FindingParams) => {
      this.steps.trust = 'failed';
      this.add(code, params);
      return undefined;
    };
    if (!trust.trustedIssuer(iss)) return failed('NZCP_ISSUER_UNTRUSTED', { iss });
    if (!trust.hasDocument(iss)) {
      return failed('NZCP_KEY_NOT_FOUND', { keyId, reason: 'no DID document for the issuer' });
    }
    const key = trust.key(iss, kid);
    if (!key) {
      return failed('NZCP_KEY_NOT_FOUND', { keyId, reason: 'no verification method with this id' });
    }
    if (!key.assertion) return failed('NZCP_KEY_NOT_ASSERTION', { keyId });
    if (key.key === undefined) {
      return failed('NZCP_KEY_UNUSABLE', { keyId, reason: key.problem ?? 'unknown' });
    }
    this.steps.trust = 'passed';
    return key.key;
  }

  checkDates(claims: NzcpClaims): void {
    if (claims.nbf === undefined || claims.exp === undefined) {
      this.steps.validity = 'failed';
      return;
    }
    const at = this.options.at.getTime() / 1000;
    let ok = true;
    if (at < claims.nbf) {
      ok = false;
      this.add('NZCP_NOT_ACTIVE', {
        nbf: isoFromSeconds(claims.nbf),
        at: this.options.at.toISOString(),
      });
    }
    if (at >= claims.exp) {
      ok = false;
      this.add('NZCP_EXPIRED', { exp: isoFromSeconds(claims.exp) });
    }
    this.steps.validity = ok ? 'passed' : 'failed';
  }
}

interface Sign1 {
  protectedBytes: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
  alg?: number;
  kid?: string;
}
