/**
 * Offline verification of SMART Health Cards: the whole pipeline, from `shc:/` QR text (or
 * its deprecated chunks, or a bare compact JWS) to a `Report` with coded findings.
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { toBase64Url, utf8Decode, utf8Encode } from '../lib/bytes.js';
import { isoMillis } from '../lib/iso-time.js';
import { type FindingCode, makeFinding, registerFindings } from '../report/catalog.js';
import type { FindingParams, Lang } from '../report/finding.js';
import type { Report, ShcCredential, SignerInfo } from '../report/report.js';
import { FormatRun, requireAt, withDefaults } from '../report/run.js';
import { assembleShcQrBytes, type ShcProblem } from './assemble.js';
import { isRevokedRid, type ShcCrl } from './crl.js';
import { decodeShcPayload } from './decode-payload.js';
import { SHC_FINDINGS } from './findings.js';
import { parseShcJwsBytes, type ShcJws } from './parse-jws.js';
import { readShcBundle } from './read-bundle.js';
import { issuerUrlProblem, readShcClaims, type ShcClaims } from './read-claims.js';
import type { ShcIssuer, ShcIssuerKey, ShcTrust } from './trust.js';
import { x5cProblemAt } from './x5c.js';

// This format's findings join the catalog when its verifier loads (`report/catalog.ts`).
registerFindings(SHC_FINDINGS);

/** Bounds on what one verification reads; each has a default fitted to real cards. */
export interface ShcVerifyLimits {
  /** Most characters in the input (all QR texts together, or the JWS). */
  maxInputLength: number;
  /** Most QR codes one card may be split into. */
  maxChunks: number;
  /** Largest inflated payload, bytes. */
  maxInflatedSize: number;
  /** Deepest JSON nesting in the header and payload. */
  maxJsonDepth: number;
}

/** Defaults: 64 Ki characters, 32 chunks, 128 KiB inflated, JSON 64 levels deep. */
export const DEFAULT_SHC_LIMITS: ShcVerifyLimits = {
  maxInputLength: 64 * 1024,
  maxChunks: 32,
  maxInflatedSize: 128 * 1024,
  maxJsonDepth: 64,
};

/** Everything `verifyShc` needs besides the card. */
export interface ShcVerifyOptions {
  /** The trusted issuers: their JWK sets and revocation lists. */
  trust: ShcTrust;
  /** The verification instant. Core never reads the clock. */
  at: Date;
  lang?: Lang;
  /** Cryptography; WebCrypto when omitted. */
  crypto?: CryptoProvider;
  limits?: Partial<ShcVerifyLimits>;
}

const JWS_TEXT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Verifies a SMART Health Card offline and explains the decision.
 *
 * `input` is the text of the card's QR code (`shc:/...`), its UTF-8 bytes, the texts of every
 * QR code of a chunked card (`shc:/1/3/...`, in any order), or the compact JWS itself (as in
 * a `.smart-health-card` file). Checked: the QR encoding and chunks; the JWS header (`alg`
 * ES256, `zip` DEF, `kid`); raw DEFLATE; the claims; the issuer (`iss`) among the trusted
 * ones, the key by `kid` in that issuer's own JWK set only (its thumbprint, its `x5c`); the
 * ES256 signature as 64-byte r‖s; `nbf` and `exp` against `at`; revocation by `rid` in the
 * key's revocation list. The FHIR bundle becomes `credential.holder`, `.type`, `.records` and
 * the EU-DCC-shaped `.dcc`. `status` is `valid` exactly when the signature verified and no
 * finding is an error. Never throws on bad input (a missing `at` or a wrong `trust` throws).
 *
 * @example
 * const trust = await ShcTrust.create({ issuers: [{ iss, jwks }] });
 * const report = await verifyShc(qrText, { trust, at: new Date('2023-07-01T00:00:00Z') });
 * report.status // 'valid'
 */
export async function verifyShc(
  input: string | Uint8Array | readonly string[],
  options: ShcVerifyOptions,
): Promise<Report> {
  requireAt(options?.at, 'verifyShc()');
  if (typeof options.trust?.issuer !== 'function') {
    throw new TypeError('verifyShc() needs an ShcTrust as options.trust');
  }
  const run = new Run(options);
  const buffer = idleBuffer;
  idleBuffer = undefined;
  try {
    const pending = run.execute(input, buffer);
    if (pending) await pending;
  } finally {
    if (buffer) idleBuffer = buffer;
  }
  return run.report();
}

/**
 * Memory for a card's JWS characters and their base64url decoding (a single QR code's, see
 * `readShcQrBytes`), lent to one verification at a time and taken back when it ends: nothing
 * of it outlives the verification (the report holds parsed JSON and strings), and one that
 * starts while another waits for its signature check gets new memory. Saves allocating a few
 * KiB per card.
 */
let idleBuffer: Uint8Array | undefined = new Uint8Array(8192);

/** {@link issuerUrlProblem} of each trusted issuer's `iss`, judged once. */
const issuerUrlProblems = new WeakMap<ShcIssuer, { iss: string; problem: string | undefined }>();

class Run extends FormatRun<ShcCredential, ShcVerifyLimits> {
  signer?: SignerInfo;

  constructor(readonly options: ShcVerifyOptions) {
    super(options.at, options, withDefaults(DEFAULT_SHC_LIMITS, options.limits));
  }

  override signerInfo(): SignerInfo | undefined {
    return this.signer;
  }

  /** Adds problems; returns `true` when one of them is an error. */
  addAll(problems: readonly ShcProblem[]): boolean {
    let error = false;
    for (const p of problems) {
      const finding = makeFinding(p.code, this.lang, p.params);
      this.findings.push(finding);
      if (finding.severity === 'error') error = true;
    }
    return error;
  }

  /**
   * The pipeline; a promise only when a step must wait (a key to import, an asynchronous
   * provider, a `hash-fhir` revocation list), else none at all: no promise to make and settle
   * per card on the usual path.
   */
  execute(
    input: string | Uint8Array | readonly string[],
    buffer?: Uint8Array,
  ): Promise<void> | undefined {
    const parts = this.parts(input);
    if (!parts) return;
    const jwsBytes = this.jwsBytes(parts, buffer);
    if (jwsBytes === undefined) return;
    const parsed = parseShcJwsBytes(jwsBytes.ascii, this.limits.maxJsonDepth, jwsBytes.spare);
    const jws = parsed.jws;
    // A well-formed JWS (the usual case) has no problem to sort.
    const signatureForm =
      parsed.problems.length === 0
        ? parsed.problems
        : parsed.problems.filter((p) => p.code.startsWith('SHC_SIGNATURE_'));
    const headerError =
      parsed.problems.length > 0 &&
      this.addAll(parsed.problems.filter((p) => !signatureForm.includes(p)));
    if (!jws) {
      this.steps.jws = 'failed';
      return;
    }
    this.steps.jws = headerError ? 'failed' : 'passed';
    const credential: ShcCredential = { format: 'shc' };
    this.credential = credential;
    if (jws.kid) credential.kid = jws.kid;
    if (jws.alg) credential.alg = jws.alg;

    const decoded = decodeShcPayload(
      jws.payload,
      jws.zip,
      this.limits.maxInflatedSize,
      this.limits.maxJsonDepth,
    );
    this.addAll(decoded.problems);
    const inflateError = decoded.problems.some((p) => p.code !== 'SHC_PAYLOAD_MALFORMED');
    this.steps.compression = inflateError ? 'failed' : jws.zip === 'DEF' ? 'passed' : 'skipped';
    if (!decoded.claims) {
      if (!inflateError) this.steps.schema = 'failed';
      this.addAll(signatureForm);
      return;
    }
    credential.payload = decoded.claims;
    const { claims, problems } = readShcClaims(decoded.claims, (iss) => this.issProblem(iss));
    const issuer = claims.iss !== undefined ? this.options.trust.issuer(claims.iss) : undefined;
    const schemaError = this.addAll(problems);
    this.describe(credential, claims, issuer);
    this.steps.schema = schemaError ? 'failed' : 'passed';

    const key = this.findKey(claims, jws, issuer);
    this.addAll(signatureForm);
    if (!key) {
      this.steps.signature = 'skipped';
      this.checkDates(claims);
      return undefined;
    }
    // Both steps answer without a promise when nothing needs waiting for (a key already
    // imported, a synchronous provider, no hash-fhir list): no turn of the event loop.
    const checked = this.checkSignature(jws, key);
    if (checked) return checked.then(() => this.afterSignature(claims, key));
    return this.afterSignature(claims, key);
  }

  /** The validity dates, then revocation (in this order, as the findings are listed). */
  afterSignature(claims: ShcClaims, key: ShcIssuerKey): Promise<void> | undefined {
    this.checkDates(claims);
    return this.checkRevocation(claims, key);
  }

  /** Why `iss` is no valid issuer URL: judged once per trusted issuer, each time for others. */
  issProblem(iss: string): string | undefined {
    const issuer = this.options.trust.issuer(iss);
    if (!issuer) return issuerUrlProblem(iss);
    let known = issuerUrlProblems.get(issuer);
    if (known?.iss !== iss) {
      known = { iss, problem: issuerUrlProblem(iss) };
      issuerUrlProblems.set(issuer, known);
    }
    return known.problem;
  }

  /** The input as QR texts (or one JWS), after the size and emptiness checks. */
  parts(input: string | Uint8Array | readonly string[]): readonly string[] | undefined {
    let parts: readonly string[];
    if (input instanceof Uint8Array) {
      // QR text is ASCII: more bytes than the character limit cannot be a card.
      if (input.length > this.limits.maxInputLength) {
        this.add('INPUT_TOO_LARGE', { size: input.length, limit: this.limits.maxInputLength });
        return undefined;
      }
      try {
        parts = [utf8Decode(input)];
      } catch {
        this.add('SHC_INPUT_NOT_TEXT');
        return undefined;
      }
    } else if (typeof input === 'string') {
      parts = [input];
    } else if (Array.isArray(input) && input.every((p) => typeof p === 'string')) {
      parts = input;
    } else {
      throw new TypeError('verifyShc() takes QR text, its bytes, or an array of QR texts');
    }
    const size = parts.reduce((n, p) => n + p.length, 0);
    if (size === 0) {
      this.add('INPUT_EMPTY');
      return undefined;
    }
    if (size > this.limits.maxInputLength) {
      this.add('INPUT_TOO_LARGE', { size, limit: this.limits.maxInputLength });
      return undefined;
    }
    return parts;
  }

  /** The compact JWS's characters as ASCII bytes: reassembled from the QR texts, or given as such. */
  jwsBytes(
    parts: readonly string[],
    buffer: Uint8Array | undefined,
  ): { ascii: Uint8Array; spare?: Uint8Array } | undefined {
    if (parts.length === 1 && JWS_TEXT.test(parts[0]!)) {
      this.steps.prefix = 'skipped';
      return { ascii: utf8Encode(parts[0]!) };
    }
    const assembly = assembleShcQrBytes(parts, this.limits.maxChunks, buffer);
    this.addAll(assembly.problems);
    const errors = this.findings.filter((f) => f.severity === 'error');
    this.steps.prefix = errors.some((f) => f.layer === 'prefix') ? 'failed' : 'passed';
    if (errors.some((f) => f.layer === 'numeric')) this.steps.numeric = 'failed';
    else if (assembly.ascii !== undefined) this.steps.numeric = 'passed';
    const { ascii, spare } = assembly;
    if (!ascii) return undefined;
    return spare ? { ascii, spare } : { ascii };
  }

  /** Fills the credential from the claims and the FHIR bundle. */
  describe(credential: ShcCredential, claims: ShcClaims, issuer: ShcIssuer | undefined): void {
    if (claims.iss !== undefined) {
      credential.issuerId = claims.iss;
      credential.issuer = issuer?.country ?? claims.iss;
    }
    if (claims.nbf !== undefined) credential.issuedAt = isoTime(claims.nbf);
    if (claims.exp !== undefined) credential.expiresAt = isoTime(claims.exp);
    if (claims.fhirBundle === undefined) return;
    const reading = readShcBundle(claims.fhirBundle, {
      iss: claims.iss ?? '',
      ...(issuer?.country ? { country: issuer.country } : {}),
      ...(claims.rid ? { rid: claims.rid } : {}),
    });
    this.addAll(reading.problems);
    credential.holder = reading.holder;
    if (reading.type) credential.type = reading.type;
    credential.dcc = reading.dcc;
    credential.records = reading.records;
  }

  /**
   * The key that may verify the card: published under the header `kid` in the JWK set of the
   * issuer the card's own `iss` names, and no other. Reports why there is none.
   */
  findKey(claims: ShcClaims, jws: ShcJws, issuer: ShcIssuer | undefined): ShcIssuerKey | undefined {
    const fail = (code?: FindingCode, params?: FindingParams) => {
      if (code) this.add(code, params);
      this.steps.trust = 'failed';
      return undefined;
    };
    if (claims.iss === undefined || jws.kid === undefined) return fail();
    const iss = claims.iss;
    if (!issuer) return fail('SHC_ISSUER_UNKNOWN', { iss });
    if (issuer.jwksProblem) return fail('SHC_JWKS_INVALID', { iss, reason: issuer.jwksProblem });
    const keys = issuer.keys(jws.kid);
    if (keys.length === 0) return fail('SHC_KID_UNKNOWN', { iss, kid: jws.kid });
    const usable = keys.filter((k) => !k.problem);
    if (usable.length === 0) {
      const problem = keys[0]!.problem!;
      return fail(problem.code, problem.params);
    }
    const at = this.options.at;
    let key = usable[0]!;
    if (this.options.trust.requiresX509) {
      const reasons = usable.map((k) =>
        !k.x5c ? 'the key has no x5c chain' : (k.anchorProblem ?? x5cProblemAt(k.x5c, iss, at)),
      );
      const index = reasons.indexOf(undefined);
      if (index < 0) return fail('SHC_X5C_UNTRUSTED', { kid: jws.kid, reason: reasons[0]! });
      key = usable[index]!;
    } else if (key.x5c) {
      const reason = x5cProblemAt(key.x5c, iss, at);
      if (reason) this.add('SHC_X5C_PROBLEM', { kid: jws.kid, reason });
    }
    const leaf = key.x5c?.certificates[0];
    if (leaf) {
      this.signer = {
        kid: jws.kid,
        subject: leaf.subject,
        notBefore: isoMillis(leaf.notBefore.getTime()),
        notAfter: isoMillis(leaf.notAfter.getTime()),
        ...(leaf.country ? { country: leaf.country } : {}),
      };
    }
    this.steps.trust = 'passed';
    return key;
  }

  /** The ES256 check; a promise only when the key's import or the provider must be awaited. */
  checkSignature(jws: ShcJws, key: ShcIssuerKey): Promise<void> | undefined {
    if (jws.alg !== 'ES256' || jws.signature.length !== 64) {
      this.steps.signature = 'failed';
      return undefined;
    }
    const handle = key.importedKey?.(this.crypto);
    if (handle === undefined) return this.importAndCheck(jws, key);
    const verified = this.crypto.verify('ES256', handle, jws.signingInput, jws.signature);
    if (typeof verified === 'boolean') this.signatureChecked(verified, key);
    else return verified.then((v) => this.signatureChecked(v, key));
    return undefined;
  }

  async importAndCheck(jws: ShcJws, key: ShcIssuerKey): Promise<void> {
    const handle = await key.importKey(this.crypto);
    if (handle === undefined) {
      this.steps.signature = 'failed';
      this.add('SHC_JWK_INVALID', {
        kid: key.jwk.kid,
        reason: 'the crypto provider does not accept it as a P-256 key',
      });
      return;
    }
    this.signatureChecked(
      await this.crypto.verify('ES256', handle, jws.signingInput, jws.signature),
      key,
    );
  }

  signatureChecked(verified: boolean, key: ShcIssuerKey): void {
    this.steps.signature = verified ? 'passed' : 'failed';
    if (!verified) this.add('SHC_SIGNATURE_INVALID', { kid: key.jwk.kid });
  }

  checkDates(claims: ShcClaims): void {
    const at = this.options.at.getTime();
    let failed = false;
    if (claims.nbf !== undefined && claims.nbf * 1000 > at) {
      failed = true;
      this.add('SHC_NOT_YET_VALID', { nbf: isoTime(claims.nbf), at: isoTime(at / 1000) });
    }
    if (claims.exp !== undefined && claims.exp * 1000 < at) {
      failed = true;
      this.add('SHC_EXPIRED', { exp: isoTime(claims.exp) });
    }
    if (claims.nbf === undefined) failed = true;
    this.steps.validity = failed ? 'failed' : 'passed';
  }

  /**
   * Revocation as the spec asks when the key announces `crlVersion`: the key's list must be
   * configured and usable (else the card fails closed), and must not list the card's `rid`
   * (or, for RFC 002's `hash-fhir` lists, the digest of its FHIR bundle).
   */
  checkRevocation(claims: ShcClaims, key: ShcIssuerKey): Promise<void> | undefined {
    if (key.crlProblem) {
      this.steps.revocation = 'failed';
      this.add(key.crlProblem.code, key.crlProblem.params);
      return undefined;
    }
    const crl = key.crl;
    if (!crl) return undefined;
    if (crl.method === 'hash-fhir' && claims.fhirBundle !== undefined) {
      return hashFhirRid(claims.fhirBundle, this.crypto).then((rid) =>
        this.revocationChecked(crl, rid, claims),
      );
    }
    this.revocationChecked(crl, claims.rid, claims);
    return undefined;
  }

  revocationChecked(crl: ShcCrl, rid: string | undefined, claims: ShcClaims): void {
    const revoked = rid !== undefined && isRevokedRid(crl, rid, claims.nbf ?? 0);
    this.steps.revocation = revoked ? 'failed' : 'passed';
    if (revoked) this.add('SHC_REVOKED', { rid: rid! });
  }
}

/**
 * The `hash-fhir` revocation identifier of a card without its own `rid` (SMART Health Cards
 * RFC 002, draft): `base64url(SHA-256(base64url(UTF-8(minified bundle)))[0..8])`. The bundle is
 * minified with `JSON.stringify`, which reproduces the issuer's minified text when numbers are
 * written in their shortest form, as in every card seen.
 *
 * @example
 * await hashFhirRid(rfc002ExampleBundle, defaultCrypto()) // '9q2bR-42Z30'
 */
export async function hashFhirRid(bundle: unknown, crypto: CryptoProvider): Promise<string> {
  const encoded = toBase64Url(utf8Encode(JSON.stringify(bundle)));
  return toBase64Url((await crypto.sha256(utf8Encode(encoded))).subarray(0, 8));
}

/** Seconds since the epoch (possibly fractional) as ISO-8601 UTC, milliseconds only when present. */
function isoTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return String(seconds);
  return isoMillis(ms, true);
}
