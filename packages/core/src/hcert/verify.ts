// Over 500 lines on purpose: the HC1 pipeline is one `Run` whose stages share state and
// reused buffers on the hot path (README, Performance); split across files it would be harder
// to see which stage may touch which buffer.
import { decodeBase45 } from '../base45/decode.js';
import { copyingLimits, decodeCbor } from '../cbor/decode.js';
import { fastCoseAllowed, readCoseSign1Fast } from '../cose/read-fast.js';
import { type CoseSign1, readCoseSign1, signedParts, sigStructureReused } from '../cose/sign1.js';
import { type CoseAlg, type CryptoProvider, defaultCrypto } from '../crypto/provider.js';
import { firstDccEntry } from '../dcc/certificate-type.js';
import { certificateType, validateDcc } from '../dcc/index.js';
import { type DdccReading, ddccValidityProblems, readDdccPayload } from '../ddcc/read.js';
import { type HcertClaims, readHcertClaims } from '../hcert/cwt.js';
import { HC1_PREFIX, unprefix } from '../hcert/unprefix.js';
import { CERTIFICATE_TYPE_NAMES } from '../i18n/labels.js';
import { bytesEqual, toBase64 } from '../lib/bytes.js';
import { isoInstant, isoSeconds } from '../lib/iso-time.js';
import type { Result } from '../lib/result.js';
import { type FindingCode, makeFinding } from '../report/catalog.js';
import type { Finding, FindingParams, Lang } from '../report/finding.js';
import type {
  CertificateType,
  HcertCredential,
  Holder,
  Report,
  SignerInfo,
  StepName,
} from '../report/report.js';
import { applyRules } from '../rules/apply.js';
import type { TrustedKey } from '../trust/trust-list.js';
import { DEFAULT_VERIFY_LIMITS, type VerifyContext, type VerifyLimits } from '../verify-context.js';
import { inflateCapped } from '../zlib/inflate.js';

/**
 * Verifies a COSE_Sign1 message (the decompressed content of an HC1 code) from the CBOR layer
 * on: the same checks as {@link verify} without the optical layers. For transports that carry
 * COSE directly (NFC, files) and for conformance runners.
 */
export function verifyCose(cose: Uint8Array, context: VerifyContext): Promise<Report> {
  return settle(context, (run) => run.executeCose(cose));
}

/**
 * Verifies an HC1 health-certificate code offline and explains the decision.
 *
 * Runs every layer of HCERT: context prefix, Base45, zlib, CBOR, COSE_Sign1, CWT claims,
 * EU DCC schema, signing key lookup by `kid`, signature, dates against `at` and against
 * the DSC's validity, and the DSC's key usage against the certificate type. Structural
 * failures stop the run; from the claims on, every check runs so one report lists every
 * problem. Never throws on bad input: the report carries coded findings.
 *
 * With `context.destination` and `context.rules`, the destination's business rules are then
 * applied to the decoded payload (see `rules/apply.ts`): `report.rules` lists each selected
 * rule's outcome, a failed or undecidable rule adds `RULE_FAILED` / `RULE_OPEN` (errors: the
 * report is invalid), and `RULES_NONE_APPLICABLE` (a warning) says when no rule applied.
 *
 * @example
 * const trust = await DscTrustList.create([dscPem]);
 * const report = await verifyHcert(qrText, { trust, at: new Date() });
 * report.status // 'valid'
 */
export function verifyHcert(input: string, context: VerifyContext): Promise<Report> {
  return settle(context, (run) => run.execute(input));
}

const TYPE_KEYS: Record<string, CertificateType> = { v: 'vaccination', t: 'test', r: 'recovery' };

/**
 * Runs a pipeline and settles its report. Not awaiting a synchronous crypto provider
 * (node:crypto) saves a promise turn per layer, and a plain function returning a settled
 * promise costs less per scan than an `async` one; a usage error (a missing `at`, input that
 * is not a string) still arrives as a rejection, as from an `async` function.
 */
function settle(
  context: VerifyContext,
  execute: (run: Run) => Promise<void> | undefined,
): Promise<Report> {
  let run: Run;
  let pending: Promise<void> | undefined;
  try {
    run = new Run(context);
    pending = execute(run);
    if (!pending) return Promise.resolve(run.report());
  } catch (error) {
    return Promise.reject(error);
  }
  return pending.then(() => run.report());
}

class Run {
  readonly lang: Lang;
  readonly limits: VerifyLimits;
  readonly crypto: CryptoProvider;
  readonly findings: Finding[] = [];
  readonly steps: Partial<Record<StepName, 'passed' | 'failed' | 'skipped'>> = {};
  credential: HcertCredential | undefined;
  signer: TrustedKey | undefined;
  /** The WHO DDCC data set, when the code carries one instead of an EU DCC. */
  ddcc: DdccReading | undefined;
  /** A copy of the COSE signature (revocation hashes read it after the decode buffers moved on). */
  signature: Uint8Array | undefined;

  constructor(readonly context: VerifyContext) {
    this.lang = context.lang ?? 'en';
    this.limits = context.limits
      ? { ...DEFAULT_VERIFY_LIMITS, ...context.limits }
      : DEFAULT_VERIFY_LIMITS;
    this.crypto = context.crypto ?? defaultCrypto();
    if (!(context.at instanceof Date) || Number.isNaN(context.at.getTime())) {
      throw new TypeError('verify() needs a valid Date as context.at');
    }
  }

  add(code: FindingCode, params?: FindingParams, path?: string): void {
    this.findings.push(makeFinding(code, this.lang, params, path));
  }

  /** Records a stage's outcome; returns the value, or `undefined` after adding its finding. */
  stage<T>(step: StepName, result: Result<T>): T | undefined {
    if (result.ok) {
      this.steps[step] = 'passed';
      return result.value;
    }
    this.steps[step] = 'failed';
    this.add(result.code as FindingCode, result.params);
    return undefined;
  }

  /** Runs the pipeline; returns a promise only when the crypto provider is asynchronous. */
  execute(input: string): Promise<void> | undefined {
    if (typeof input !== 'string') throw new TypeError('verify() takes the QR text as a string');
    if (input.length === 0) return void this.add('INPUT_EMPTY');
    if (input.length > this.limits.maxInputLength) {
      return void this.add('INPUT_TOO_LARGE', {
        size: input.length,
        limit: this.limits.maxInputLength,
      });
    }
    // The Base45 text is read after the prefix in place (slicing the string costs more than
    // the check); any other prefix goes through `unprefix` for its finding.
    if (!input.startsWith(HC1_PREFIX)) return void this.stage('prefix', unprefix(input));
    this.steps.prefix = 'passed';
    // Base45 and zlib output go to reused buffers: until the signed bytes are copied out in
    // `checkSignature`, this method runs without awaiting, so no other run can touch them.
    if (base45Scratch.length < input.length) base45Scratch = new Uint8Array(input.length);
    const compressed = this.stage('base45', decodeBase45(input, base45Scratch, HC1_PREFIX.length));
    if (!compressed) return;
    const coseBytes = this.stage(
      'compression',
      inflateCapped(compressed, this.limits.maxInflatedSize, { copy: false }),
    );
    if (!coseBytes) return;
    return this.executeCose(coseBytes);
  }

  /** From the CBOR layer on. `coseBytes` may be a reused buffer: see `checkSignature`. */
  executeCose(coseBytes: Uint8Array): Promise<void> | undefined {
    // The usual shape is read straight from the bytes; anything else (and any doubt) goes
    // through the generic decoder, which names the problem.
    let cose = fastCoseAllowed(this.limits.cbor) ? readCoseSign1Fast(coseBytes) : undefined;
    if (cose) {
      this.steps.cbor = 'passed';
      this.steps.cose = 'passed';
    } else {
      const coseValue = decodeCbor(coseBytes, this.limits.cbor);
      if (!coseValue.ok) return void this.stage('cbor', coseValue);
      this.steps.cbor = 'passed';
      cose = this.stage('cose', readCoseSign1(coseValue.value));
      if (!cose) return;
    }
    const credential: HcertCredential = { format: 'hcert' };
    this.credential = credential;
    // The keys for this `kid`, looked up once; a known `kid` is shown as its key's cached text.
    const candidates = cose.kid ? this.context.trust.lookup(cose.kid) : NO_KEYS;
    if (cose.kid) {
      const known = candidates[0];
      credential.kid =
        known && bytesEqual(known.kid, cose.kid) ? signerInfo(known).kid : toBase64(cose.kid);
    }
    if (cose.alg) credential.alg = cose.alg;

    const claims = this.stage(
      'cwt',
      readHcertClaims(cose.payload, copyingLimits(this.limits.cbor)),
    );
    if (!claims) return;
    if (claims.iss !== undefined) credential.issuer = claims.iss;
    if (claims.iat !== undefined) credential.issuedAt = isoSeconds(claims.iat);
    if (claims.exp !== undefined) credential.expiresAt = isoSeconds(claims.exp);
    // A WHO DDCC core data set (instead of an EU DCC) is read into the same normalised view.
    const ddcc = readDdccPayload(claims);
    if (ddcc) {
      this.ddcc = ddcc;
      credential.profile = ddcc.profile;
      credential.type = ddcc.type;
      credential.holder = ddcc.holder;
      credential.dcc = ddcc.dcc;
    } else {
      credential.dcc = claims.dcc;
      this.describePayload(credential, claims.dcc);
    }

    for (const problem of this.context.trust.problems?.(this.context.at) ?? []) {
      this.add(problem.code, problem.params);
    }
    if (ddcc) {
      this.steps.schema = ddcc.problems.length > 0 ? 'failed' : 'passed';
      for (const p of ddcc.problems) this.add(p.code, p.params, String(p.params.path ?? ''));
    } else this.checkSchema(claims.dcc);
    const signer = this.checkSignature(cose, candidates);
    if (signer instanceof Promise) {
      return signer.then((s) => this.checkSigned(claims, credential, s));
    }
    return this.checkSigned(claims, credential, signer);
  }

  /** The checks that need the signer: dates against its validity, key usage, country. */
  checkSigned(
    claims: HcertClaims,
    credential: HcertCredential,
    signer: TrustedKey | undefined,
  ): Promise<void> | undefined {
    if (this.ddcc && claims.iat === undefined && claims.exp === undefined) {
      // A DDCC code may carry its validity in the data set instead of CWT claims.
      const problems = ddccValidityProblems(this.ddcc, this.context.at);
      for (const p of problems) this.add(p.code, p.params);
      this.steps.validity = problems.length > 0 ? 'failed' : 'passed';
    } else this.checkDates(claims.iat, claims.exp, signer);
    this.checkRecognition(claims, credential, signer);
    this.checkKeyUsage(credential.type, signer);
    if (signer?.dsc.curve && signer.dsc.curve !== 'P-256') {
      this.add('DSC_CURVE_NOT_P256', { curve: signer.dsc.curve });
    }
    if (signer?.dsc.country && claims.iss && signer.dsc.country !== claims.iss) {
      this.add('DSC_COUNTRY_MISMATCH', { iss: claims.iss, country: signer.dsc.country });
    }
    return this.checkRevocation(claims, credential, signer);
  }

  /**
   * A verifier configured for a country accepts a foreign DSC only under an active agreement
   * that covers the certificate type (when the trust source knows agreements: a bundle).
   */
  checkRecognition(
    claims: HcertClaims,
    credential: HcertCredential,
    signer: TrustedKey | undefined,
  ): void {
    const { verifier, trust, at } = this.context;
    if (!verifier || !trust.recognises || !signer || !credential.type) return;
    const issuer = signer.dsc.country ?? claims.iss;
    if (issuer && trust.recognises(verifier, issuer, credential.type, at)) {
      this.steps.recognition = 'passed';
      return;
    }
    this.steps.recognition = 'failed';
    this.add('NO_RECOGNITION_AGREEMENT', {
      verifier,
      issuer: issuer ?? '?',
      type: credential.type,
      typeName: TYPE_NAMES[credential.type][this.lang],
    });
  }

  /** EU revocation hash lists (UCI, country+UCI, signature), when the trust source has any. */
  checkRevocation(
    claims: HcertClaims,
    credential: HcertCredential,
    signer: TrustedKey | undefined,
  ): Promise<void> | undefined {
    const trust = this.context.trust;
    if (!signer || !trust.hasRevocations || !trust.isRevoked || !this.signature) return undefined;
    const entry = firstDccEntry(credential.dcc);
    const uci = typeof entry?.ci === 'string' ? entry.ci : undefined;
    const country = signer.dsc.country ?? claims.iss;
    return trust
      .isRevoked(
        {
          ...(uci ? { uci } : {}),
          ...(country ? { country } : {}),
          signature: this.signature,
          alg: signer.alg,
        },
        this.crypto,
      )
      .then((revoked) => {
        this.steps.revocation = revoked ? 'failed' : 'passed';
        if (revoked) this.add('CERT_REVOKED');
      });
  }

  describePayload(credential: HcertCredential, dcc: unknown): void {
    if (!dcc || typeof dcc !== 'object') return;
    const d = dcc as Record<string, unknown>;
    if (typeof d.ver === 'string') credential.schemaVersion = d.ver;
    const type = certificateType(dcc);
    if (type) credential.type = type;
    const nam = d.nam as Record<string, unknown> | undefined;
    const holder: Holder = {};
    if (nam && typeof nam === 'object') {
      if (typeof nam.fn === 'string') holder.familyName = nam.fn;
      if (typeof nam.gn === 'string') holder.givenName = nam.gn;
      if (typeof nam.fnt === 'string') holder.familyNameTransliterated = nam.fnt;
      if (typeof nam.gnt === 'string') holder.givenNameTransliterated = nam.gnt;
    }
    if (typeof d.dob === 'string') holder.dateOfBirth = d.dob;
    credential.holder = holder;
  }

  checkSchema(dcc: unknown): void {
    const issues = validateDcc(dcc);
    if (issues.length === 0) {
      this.steps.schema = 'passed';
      return;
    }
    this.steps.schema = 'failed';
    const entries =
      dcc && typeof dcc === 'object'
        ? Object.keys(TYPE_KEYS).filter((k) => k in (dcc as object))
        : [];
    const count = entries.reduce(
      (n, k) =>
        n +
        (Array.isArray((dcc as Record<string, unknown>)[k])
          ? (dcc as Record<string, unknown[]>)[k]!.length
          : 1),
      0,
    );
    if (count !== 1) this.add('DCC_TYPE_AMBIGUOUS', { count });
    for (const issue of issues.slice(0, 20)) {
      this.add(
        'DCC_SCHEMA_INVALID',
        { path: issue.path || '/', detail: issue.message },
        issue.path,
      );
    }
  }

  checkSignature(
    cose: CoseSign1,
    candidates: readonly TrustedKey[],
  ): TrustedKey | undefined | Promise<TrustedKey | undefined> {
    if (cose.alg === undefined) {
      this.steps.signature = 'failed';
      this.add('COSE_ALG_UNSUPPORTED', { alg: String(cose.algId ?? 'none') });
      return undefined;
    }
    if (!cose.kid) {
      this.steps.trust = 'failed';
      this.add('COSE_KID_MISSING');
      return undefined;
    }
    if (candidates.length === 0) {
      this.steps.trust = 'failed';
      this.add('DSC_UNKNOWN_KID', { kid: toBase64(cose.kid) });
      return undefined;
    }
    this.steps.trust = 'passed';
    // `cose` may view a buffer the next run reuses. A synchronous provider is done with the
    // bytes when it returns, so it gets views of reused buffers; an asynchronous one (and a
    // revocation check, which hashes after an await) gets copies.
    let data: Uint8Array;
    let signature: Uint8Array;
    if (this.crypto.sync) {
      data = sigStructureReused(cose.protectedBytes, cose.payload);
      signature = cose.signature;
      if (this.context.trust.hasRevocations) this.signature = cose.signature.slice();
    } else {
      ({ data, signature } = signedParts(cose));
      this.signature = signature;
    }
    return this.tryCandidates(cose.alg, candidates, 0, data, signature);
  }

  /** Tries each DSC sharing the `kid` in turn; stays synchronous while the provider is. */
  tryCandidates(
    alg: CoseAlg,
    candidates: readonly TrustedKey[],
    from: number,
    data: Uint8Array,
    signature: Uint8Array,
  ): TrustedKey | undefined | Promise<TrustedKey | undefined> {
    for (let i = from; i < candidates.length; i++) {
      const candidate = candidates[i]!;
      if (candidate.alg !== alg) continue;
      const verdict = this.crypto.verify(alg, candidate.key, data, signature);
      if (verdict instanceof Promise) {
        return verdict.then((good) =>
          good
            ? this.accept(candidate)
            : this.tryCandidates(alg, candidates, i + 1, data, signature),
        );
      }
      if (verdict) return this.accept(candidate);
    }
    this.steps.signature = 'failed';
    this.add('COSE_SIGNATURE_INVALID');
    return undefined;
  }

  accept(candidate: TrustedKey): TrustedKey {
    this.steps.signature = 'passed';
    this.signer = candidate;
    return candidate;
  }

  checkDates(
    iat: number | undefined,
    exp: number | undefined,
    signer: TrustedKey | undefined,
  ): void {
    const at = this.context.at.getTime() / 1000;
    let ok = true;
    if (iat === undefined) {
      ok = false;
      this.add('CWT_IAT_MISSING');
    } else if (iat > at) {
      ok = false;
      this.add('CWT_NOT_YET_VALID', { iat: isoSeconds(iat), at: this.context.at.toISOString() });
    }
    if (exp === undefined) {
      ok = false;
      this.add('CWT_EXP_MISSING');
    } else if (exp < at) {
      ok = false;
      this.add('CWT_EXPIRED', { exp: isoSeconds(exp) });
    }
    if (signer) {
      const { notBefore, notAfter } = signer.dsc;
      const range = () => ({
        notBefore: notBefore.toISOString(),
        notAfter: notAfter.toISOString(),
      });
      if (iat !== undefined && iat * 1000 < notBefore.getTime()) {
        ok = false;
        this.add('DSC_VALIDITY_MISMATCH', { field: 'iat', value: isoSeconds(iat), ...range() });
      }
      if (exp !== undefined && exp * 1000 > notAfter.getTime()) {
        ok = false;
        this.add('DSC_VALIDITY_MISMATCH', { field: 'exp', value: isoSeconds(exp), ...range() });
      }
    }
    this.steps.validity = ok ? 'passed' : 'failed';
  }

  checkKeyUsage(type: CertificateType | undefined, signer: TrustedKey | undefined): void {
    if (!signer || !type) {
      this.steps['key-usage'] = 'skipped';
      return;
    }
    const allowed = signer.dsc.keyUsage;
    if (!allowed || allowed.includes(type)) {
      this.steps['key-usage'] = 'passed';
      return;
    }
    this.steps['key-usage'] = 'failed';
    this.add('DSC_KEY_USAGE_MISMATCH', {
      allowed: allowed.join('/'),
      type,
      allowedName: allowed.map((t) => TYPE_NAMES[t][this.lang]).join('/'),
      typeName: TYPE_NAMES[type][this.lang],
    });
  }

  report(): Report {
    const { destination, rules, valueSets } = this.context;
    const applied =
      destination && rules && this.credential?.dcc !== undefined
        ? applyRules(this.credential, {
            destination,
            rules,
            valueSets,
            at: this.context.at,
            lang: this.lang,
          })
        : undefined;
    if (applied) {
      this.steps.rules = applied.step;
      this.findings.push(...applied.findings);
    }
    let valid = this.findings.length === 0;
    if (!valid) valid = !this.findings.some((f) => f.severity === 'error');
    const report: Report = {
      status: valid && this.steps.signature === 'passed' ? 'valid' : 'invalid',
      at: isoInstant(this.context.at),
      lang: this.lang,
      findings: this.findings,
      steps: this.steps,
    };
    if (this.credential) report.credential = this.credential;
    if (this.signer) report.signer = signerInfo(this.signer);
    if (applied) report.rules = applied.results;
    return report;
  }
}

let base45Scratch = new Uint8Array(1024);

const NO_KEYS: readonly TrustedKey[] = Object.freeze([]);

/** Certificate types as the findings name them, in every language. */
const TYPE_NAMES = CERTIFICATE_TYPE_NAMES;

/** Signer descriptions, made once per trusted key and shared (frozen) by every report. */
const signerInfos = new WeakMap<TrustedKey, SignerInfo>();

function signerInfo(key: TrustedKey): SignerInfo {
  let info = signerInfos.get(key);
  if (!info) {
    const { dsc } = key;
    info = {
      kid: toBase64(key.kid),
      subject: dsc.subject,
      notBefore: dsc.notBefore.toISOString(),
      notAfter: dsc.notAfter.toISOString(),
    };
    if (dsc.country) info.country = dsc.country;
    if (dsc.keyUsage) info.keyUsage = dsc.keyUsage;
    signerInfos.set(key, Object.freeze(info));
  }
  return info;
}
