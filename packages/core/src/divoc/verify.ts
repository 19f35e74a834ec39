import type { CryptoProvider } from '../crypto/provider.js';
import { utf8Decode } from '../lib/bytes.js';
import { registerFindings } from '../report/catalog.js';
import type { Lang } from '../report/finding.js';
import type { DivocCredential, Report } from '../report/report.js';
import { FormatRun, requireAt } from '../report/run.js';
import { DIVOC_FINDINGS } from './findings.js';
import { parseBoundedJson } from './json.js';
import { readDivocCredential } from './normalize.js';
import { type DivocProof, readProof } from './proof.js';
import { divocSignedData } from './signed-data.js';
import type { DivocTrust, DivocTrustedKey } from './trust.js';
import { isZip, readDivocZip } from './zip.js';

// This format's findings join the catalog when its verifier loads (`report/catalog.ts`).
registerFindings(DIVOC_FINDINGS);

/** Input limits of DIVOC verification; each default is far above a real certificate. */
export interface DivocLimits {
  /** Longest input: QR bytes (ZIP) or characters (JSON). A QR holds at most 2,953 bytes. */
  maxInputLength: number;
  /** Largest `certificate.json` a ZIP may inflate to (India's are under 2 KiB). */
  maxInflatedSize: number;
  /** Deepest JSON nesting (a DIVOC credential nests 5 levels). */
  maxJsonDepth: number;
}

export const DEFAULT_DIVOC_LIMITS: DivocLimits = {
  maxInputLength: 8192,
  maxInflatedSize: 64 * 1024,
  maxJsonDepth: 32,
};

/** Everything `verifyDivoc()` needs besides the credential. */
export interface DivocVerifyOptions {
  trust: DivocTrust;
  /** The verification instant; core never reads the clock. */
  at: Date;
  lang?: Lang;
  crypto?: CryptoProvider;
  limits?: Partial<DivocLimits>;
}

/** The VC's own first-level contexts and where a nested `@context` would be refused. */
const CREDENTIALS_V1 = 'https://www.w3.org/2018/credentials/v1';

/**
 * Verifies a DIVOC credential offline: the QR's ZIP (or the JSON itself), the W3C Verifiable
 * Credential, its RsaSignature2018 (PS256) or Ed25519Signature2018 proof over the URDNA2015
 * canonical form with bundled or configured contexts only (never fetched), the signing key
 * chosen by verification method AND issuer, and the issuance and expiry dates against `at`.
 * The vaccination is read into the EU-DCC-shaped `credential.dcc` (see `normalize.ts`).
 * Never throws on bad input: the report carries coded findings. `status` is `valid` exactly
 * when the signature verified and no finding is an error.
 *
 * @example
 * const trust = await DivocTrust.create({ keys: [{ verificationMethod: 'did:india', publicKeyPem }] });
 * const report = await verifyDivoc(qrBytes, { trust, at: new Date() });
 * report.credential?.dcc // { ver, nam, dob, v: [{ tg, vp, mp, ma, dn, sd, dt, co, is, ci }] }
 */
export async function verifyDivoc(
  input: string | Uint8Array,
  options: DivocVerifyOptions,
): Promise<Report> {
  requireAt(options.at, 'verifyDivoc()');
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('verifyDivoc() takes the QR content as a string or bytes');
  }
  const run = new DivocRun(options);
  await run.execute(input);
  return run.report();
}

class DivocRun extends FormatRun<DivocCredential, DivocLimits> {
  constructor(readonly options: DivocVerifyOptions) {
    super(options.at, options, { ...DEFAULT_DIVOC_LIMITS, ...options.limits });
  }

  async execute(input: string | Uint8Array): Promise<void> {
    if (!this.sizeFits(input.length, this.limits.maxInputLength)) return;
    const text = this.unpack(input);
    if (text === undefined) return;
    const parsed = this.stage('schema', parseBoundedJson(text, this.limits.maxJsonDepth));
    if (parsed === undefined) return;
    const vc = this.checkShape(parsed);
    if (!vc) return;
    const issuer = issuerId(vc.issuer);
    const proofOrFailure = readProof(vc.proof);
    const credential: DivocCredential = { format: 'divoc', payload: vc };
    if (issuer) credential.issuerId = issuer;
    if (typeof vc.issuanceDate === 'string') credential.issuedAt = vc.issuanceDate;
    if (typeof vc.expirationDate === 'string') credential.expiresAt = vc.expirationDate;
    this.credential = credential;
    if (isRecord(vc.proof) && typeof vc.proof.verificationMethod === 'string') {
      credential.kid = vc.proof.verificationMethod;
    }
    // A readable proof is not yet a verified signature: only its failure is a step outcome.
    let proof: DivocProof | undefined;
    if (proofOrFailure.ok) {
      proof = proofOrFailure.value;
      credential.alg = proof.alg;
    } else {
      this.steps.signature = 'failed';
      this.add(proofOrFailure.code, proofOrFailure.params);
    }
    if (!this.checkContexts(vc)) {
      this.checkDates(vc);
      this.describe(vc, credential, undefined);
      return;
    }
    const signer = proof ? await this.checkSignature(vc, proof, issuer) : undefined;
    this.checkDates(vc);
    this.describe(vc, credential, signer);
  }

  /** ZIP bytes (or a Latin-1 string of them) to the `certificate.json` text; else the text. */
  unpack(input: string | Uint8Array): string | undefined {
    let bytes: Uint8Array | undefined;
    if (input instanceof Uint8Array) bytes = input;
    else if (input.startsWith('PK\u0003\u0004')) bytes = latin1Bytes(input);
    if (bytes === undefined) return (input as string).trim();
    if (isZip(bytes)) {
      const entry = this.stage('compression', readDivocZip(bytes, this.limits.maxInflatedSize));
      if (!entry) return undefined;
      bytes = entry;
    }
    try {
      return utf8Decode(bytes).trim();
    } catch {
      this.steps.schema = 'failed';
      this.add('DIVOC_JSON_MALFORMED', { reason: 'not UTF-8 text' });
      return undefined;
    }
  }

  /** The document must be a W3C VC as DIVOC issues them; nested contexts are refused. */
  checkShape(doc: unknown): Record<string, unknown> | undefined {
    const malformed = (reason: string) => {
      this.steps.schema = 'failed';
      this.add('DIVOC_CREDENTIAL_MALFORMED', { reason });
      return undefined;
    };
    if (!isRecord(doc)) return malformed('it is not a JSON object');
    const contexts = doc['@context'];
    if (!Array.isArray(contexts) || contexts[0] !== CREDENTIALS_V1) {
      return malformed(`@context must be a list starting with ${CREDENTIALS_V1}`);
    }
    const types = doc.type;
    if (!Array.isArray(types) || !types.includes('VerifiableCredential')) {
      return malformed('type must list VerifiableCredential');
    }
    if (!isRecord(doc.credentialSubject)) return malformed('no credentialSubject object');
    if (!issuerId(doc.issuer)) return malformed('no issuer');
    if (typeof doc.issuanceDate !== 'string') return malformed('no issuanceDate');
    const nested = nestedContextPath(doc);
    if (nested) {
      this.steps.schema = 'failed';
      this.add('DIVOC_CONTEXT_EMBEDDED', { path: nested });
      return undefined;
    }
    this.steps.schema = 'passed';
    return doc;
  }

  /** Every context URL must be one the trust holds (bundled or configured). */
  checkContexts(vc: Record<string, unknown>): boolean {
    for (const url of vc['@context'] as unknown[]) {
      if (typeof url !== 'string') {
        this.steps.schema = 'failed';
        this.add('DIVOC_CONTEXT_EMBEDDED', { path: '/@context' });
        return false;
      }
      if (!this.options.trust.contexts.documents.has(url)) {
        this.steps.trust = 'failed';
        this.add('DIVOC_CONTEXT_UNKNOWN', { url: url.slice(0, 200) });
        return false;
      }
    }
    return true;
  }

  async checkSignature(
    vc: Record<string, unknown>,
    proof: DivocProof,
    issuer: string | undefined,
  ): Promise<DivocTrustedKey | undefined> {
    const candidates = this.options.trust
      .candidates(proof.verificationMethod, issuer)
      .filter((k) => k.alg === proof.alg);
    if (candidates.length === 0) {
      this.steps.trust = 'failed';
      this.add('DIVOC_KEY_UNKNOWN', {
        verificationMethod: proof.verificationMethod.slice(0, 120),
        issuer: (issuer ?? '?').slice(0, 120),
      });
      return undefined;
    }
    this.steps.trust = 'passed';
    const signed = await divocSignedData(vc, proof, this.options.trust.contexts, this.crypto);
    if (!signed.ok) {
      this.steps.signature = 'failed';
      this.add(signed.code, signed.params);
      return undefined;
    }
    // One warning names what was left out (the first few items; the rest counted).
    const details = [
      ...new Set(signed.value.dropped.map((d) => (d.subject ? `${d.code}: ${d.subject}` : d.code))),
    ];
    if (details.length > 0) {
      const shown = details.slice(0, 4).join('; ');
      const more = details.length > 4 ? `; +${details.length - 4} more` : '';
      this.add('DIVOC_DATA_UNSIGNED', { detail: `${shown}${more}` });
    }
    for (const candidate of candidates) {
      if (await this.crypto.verify(proof.alg, candidate.key, signed.value.data, proof.signature)) {
        this.steps.signature = 'passed';
        return candidate;
      }
    }
    this.steps.signature = 'failed';
    this.add('DIVOC_SIGNATURE_INVALID');
    return undefined;
  }

  checkDates(vc: Record<string, unknown>): void {
    const at = this.options.at.getTime();
    let valid = true;
    const issued = instant(vc.issuanceDate);
    if (issued === undefined) {
      valid = false;
      this.add('DIVOC_DATE_INVALID', {
        field: 'issuanceDate',
        value: String(vc.issuanceDate).slice(0, 40),
      });
    } else if (issued > at) {
      valid = false;
      this.add('DIVOC_NOT_YET_VALID', {
        issuanceDate: String(vc.issuanceDate),
        at: this.options.at.toISOString(),
      });
    }
    if (vc.expirationDate !== undefined) {
      const expires = instant(vc.expirationDate);
      if (expires === undefined) {
        valid = false;
        this.add('DIVOC_DATE_INVALID', {
          field: 'expirationDate',
          value: String(vc.expirationDate).slice(0, 40),
        });
      } else if (expires < at) {
        valid = false;
        this.add('DIVOC_EXPIRED', { expirationDate: String(vc.expirationDate) });
      }
    }
    this.steps.validity = valid ? 'passed' : 'failed';
  }

  /** Holder, type and the EU-DCC-shaped view; the issuer's country only from a verified key. */
  describe(
    vc: Record<string, unknown>,
    credential: DivocCredential,
    signer: DivocTrustedKey | undefined,
  ): void {
    const country = signer?.country;
    const reading = readDivocCredential(vc, {
      ...(credential.issuerId ? { issuer: credential.issuerId } : {}),
      ...(country ? { country } : {}),
    });
    credential.issuer = country ?? credential.issuerId;
    credential.holder = reading.holder;
    if (reading.type) credential.type = reading.type;
    if (reading.dcc) credential.dcc = reading.dcc;
    if (reading.doubtfulDoses) this.add('DIVOC_DOSES_AMBIGUOUS', reading.doubtfulDoses);
    if (reading.unsupportedEvidence) {
      this.add('DIVOC_EVIDENCE_UNSUPPORTED', { type: reading.unsupportedEvidence });
    }
  }
}

/** The VC `issuer`: a URL string, or an object with an `id`. */
function issuerId(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (isRecord(value) && typeof value.id === 'string' && value.id !== '') return value.id;
  return undefined;
}

/** An XML Schema dateTime with a time zone, as VCs write dates; `undefined` otherwise. */
function instant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    return undefined;
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** JSON-pointer path of the first `@context` below the top level, if any. */
function nestedContextPath(doc: Record<string, unknown>): string | undefined {
  const stack: [unknown, string][] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (key !== '@context') stack.push([value, `/${key}`]);
  }
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        stack.push([item, `${path}/${i}`]);
      });
    } else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key === '@context') return `${path}/@context`;
        stack.push([child, `${path}/${key}`]);
      }
    }
  }
  return undefined;
}

function latin1Bytes(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return undefined;
    out[i] = c;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
