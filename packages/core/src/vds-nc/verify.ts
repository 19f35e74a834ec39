import type { CryptoProvider, SignatureAlg } from '../crypto/provider.js';
import { fromBase64, toBase64, toHex, utf8Decode, utf8Encode } from '../lib/bytes.js';
import { alpha2FromAlpha3 } from '../lib/countries.js';
import { registerFindings } from '../report/catalog.js';
import type { Lang } from '../report/finding.js';
import type { Report, SignerInfo, VdsNcCredential } from '../report/report.js';
import { FormatRun, requireAt } from '../report/run.js';
import { type DscCertificate, readDsc } from '../x509/dsc.js';
import { documentTypes, OID_EKU_VDS_NC_SIGNER, SEAL_DOCUMENT_TYPES } from './document-type.js';
import { VDS_FINDINGS } from './findings.js';
import { canonicalizeJson } from './jcs.js';
import { parseSealJson } from './json.js';
import { normaliseSeal } from './normalise.js';
import type { VdsNcAnchor, VdsNcTrust } from './trust.js';

// This format's findings join the catalog when its verifier loads (`report/catalog.ts`).
registerFindings(VDS_FINDINGS);

/** Input limits of VDS-NC verification. */
export interface VdsNcLimits {
  /** Longest seal text accepted (a version-40 QR holds 2,953 bytes in byte mode). */
  maxInputLength: number;
  /** Deepest JSON nesting accepted (a health seal nests 7 levels). */
  maxDepth: number;
}

export const DEFAULT_VDS_NC_LIMITS: VdsNcLimits = { maxInputLength: 8192, maxDepth: 16 };

/** Everything {@link verifyVdsNc} needs besides the seal. */
export interface VdsNcVerifyOptions {
  trust: VdsNcTrust;
  /** The verification instant; core never reads the clock. */
  at: Date;
  lang?: Lang;
  crypto?: CryptoProvider;
  limits?: Partial<VdsNcLimits>;
}

/** The seal algorithms ICAO VDS-NC allows (JWA names) and the curve each implies. */
const ALGS: Record<string, { alg: SignatureAlg; curve: string; size: number }> = {
  ES256: { alg: 'ES256', curve: 'P-256', size: 32 },
  ES384: { alg: 'ES384', curve: 'P-384', size: 48 },
  ES512: { alg: 'ES512', curve: 'P-521', size: 66 },
};

/**
 * Verifies an ICAO VDS-NC seal (`{data: {hdr, msg}, sig: {alg, cer, sigvl}}`) offline and
 * explains the decision.
 *
 * The JSON is depth-scanned before parsing; the header (`v` 1, `t` `icao.vacc`/`icao.test`,
 * `is` an alpha-3 state) and message are read and normalised into an EU-DCC-shaped `dcc`;
 * the signature `sigvl` (raw r‖s) is checked over the RFC 8785 canonical form of `data` with
 * the barcode signer certificate `cer`; that certificate must be signed by a trusted CSCA,
 * valid at `at`, from the seal's state, a VDS-NC signer (EKU 2.23.136.1.1.14.2) whose
 * document type list allows the seal type (`NV`, `NT`), and not revoked by the CSCA's CRL,
 * which must cover `at`. From the header on, every check runs. Never throws on bad input.
 *
 * @example
 * const trust = await VdsNcTrust.create({ cscas: [cscaDer], crls: [crlDer] });
 * const report = await verifyVdsNc(sealJson, { trust, at: new Date() });
 */
export async function verifyVdsNc(
  input: string | Uint8Array,
  options: VdsNcVerifyOptions,
): Promise<Report> {
  const run = new VdsRun(options);
  await run.execute(input);
  return run.report();
}

class VdsRun extends FormatRun<VdsNcCredential, VdsNcLimits> {
  signer: SignerInfo | undefined;

  constructor(readonly options: VdsNcVerifyOptions) {
    requireAt(options.at, 'verifyVdsNc()');
    super(options.at, options, { ...DEFAULT_VDS_NC_LIMITS, ...options.limits });
  }

  override signerInfo(): SignerInfo | undefined {
    return this.signer;
  }

  async execute(input: string | Uint8Array): Promise<void> {
    const { maxInputLength } = this.limits;
    let text: string;
    if (typeof input === 'string') text = input;
    else if (input instanceof Uint8Array) {
      if (input.length > maxInputLength) {
        return this.add('INPUT_TOO_LARGE', { size: input.length, limit: maxInputLength });
      }
      try {
        text = utf8Decode(input);
      } catch {
        return this.fail('json', 'VDS_JSON_INVALID', { reason: 'not UTF-8' });
      }
    } else throw new TypeError('verifyVdsNc() takes the seal as a string or bytes');
    if (text.length > maxInputLength) {
      return this.add('INPUT_TOO_LARGE', { size: text.length, limit: maxInputLength });
    }
    if (text.trim().length === 0) return this.add('INPUT_EMPTY');
    const root = this.stage('json', parseSealJson(text, this.limits.maxDepth));
    if (root === undefined) return;
    const seal = this.readSeal(root);
    if (!seal) return;
    const { data, hdr, msg, sig } = seal;

    const credential: VdsNcCredential = { format: 'vds-nc', payload: data };
    this.credential = credential;
    let state: string | undefined;
    if (typeof hdr.is === 'string') {
      credential.issuerId = hdr.is;
      state = alpha2FromAlpha3(hdr.is);
      credential.issuer = state ?? hdr.is;
      if (!state) this.add('VDS_COUNTRY_UNKNOWN', { code: hdr.is.slice(0, 8) });
    } else this.fail('schema', 'VDS_SEAL_INVALID', { reason: 'hdr.is is not a text string' });
    if (hdr.v !== 1) {
      this.fail('schema', 'VDS_VERSION_UNSUPPORTED', { version: String(hdr.v).slice(0, 16) });
    }
    const sealType = hdr.t === 'icao.vacc' || hdr.t === 'icao.test' ? hdr.t : undefined;
    if (typeof hdr.t === 'string') credential.sealType = hdr.t;
    if (!sealType) {
      this.fail('schema', 'VDS_TYPE_UNSUPPORTED', { type: String(hdr.t).slice(0, 32) });
    } else {
      const view = normaliseSeal(sealType, msg, typeof hdr.is === 'string' ? hdr.is : '');
      credential.type = view.type;
      credential.holder = view.holder;
      credential.dcc = view.dcc;
      if (view.issuedAt) credential.issuedAt = view.issuedAt;
      for (const reason of view.problems) this.fail('schema', 'VDS_MESSAGE_INVALID', { reason });
    }
    if (this.steps.schema === undefined) this.steps.schema = 'passed';
    if (typeof sig.alg === 'string') credential.alg = sig.alg;

    const signer = this.readSigner(sig.cer);
    if (!signer) return;
    this.signer = {
      kid: toBase64((await this.crypto.sha256(signer.der)).subarray(0, 8)),
      subject: signer.subject,
      notBefore: signer.notBefore.toISOString(),
      notAfter: signer.notAfter.toISOString(),
      ...(signer.country ? { country: signer.country } : {}),
    };
    credential.kid = this.signer.kid;
    await this.checkSignature(data, sig, signer);
    const anchor = await this.checkChain(signer, state);
    this.checkValidity(signer, anchor);
    this.checkUsage(signer, sealType);
    if (anchor) this.checkRevocation(signer, anchor);
  }

  /** The seal's shape: `data.hdr`, `data.msg` and `sig` objects. */
  readSeal(root: unknown): Seal | undefined {
    const invalid = (reason: string) => this.fail('schema', 'VDS_SEAL_INVALID', { reason });
    if (!isObject(root)) return invalid('the JSON is not an object');
    const { data, sig } = root;
    if (!isObject(data)) return invalid('data is missing');
    if (!isObject(sig)) return invalid('sig is missing');
    if (!isObject(data.hdr)) return invalid('data.hdr is missing');
    if (!isObject(data.msg)) return invalid('data.msg is missing');
    return { data, hdr: data.hdr, msg: data.msg, sig };
  }

  readSigner(cer: unknown): DscCertificate | undefined {
    if (typeof cer !== 'string') {
      return this.fail('trust', 'VDS_SIGNER_UNREADABLE', { reason: 'sig.cer is missing' });
    }
    try {
      return readDsc(fromBase64(cer));
    } catch (error) {
      return this.fail('trust', 'VDS_SIGNER_UNREADABLE', {
        reason: (error as Error).message.slice(0, 200),
      });
    }
  }

  async checkSignature(
    data: Record<string, unknown>,
    sig: Record<string, unknown>,
    signer: DscCertificate,
  ): Promise<void> {
    const spec = typeof sig.alg === 'string' ? ALGS[sig.alg] : undefined;
    if (!spec || signer.curve !== spec.curve || signer.keyAlg !== 'ES256') {
      const alg = `${String(sig.alg).slice(0, 16)}${signer.curve ? ` on ${signer.curve}` : ''}`;
      this.fail('signature', 'VDS_ALG_UNSUPPORTED', { alg });
      return;
    }
    let signature: Uint8Array | undefined;
    try {
      if (typeof sig.sigvl === 'string') signature = fromBase64(sig.sigvl);
    } catch {
      signature = undefined;
    }
    const key = await this.options.trust.signerKey(signer, spec.alg, this.crypto);
    const good =
      signature !== undefined &&
      signature.length === 2 * spec.size &&
      key !== undefined &&
      (await this.crypto.verify(spec.alg, key, utf8Encode(canonicalizeJson(data)), signature));
    this.steps.signature = good ? 'passed' : 'failed';
    if (!good) this.add('VDS_SIGNATURE_INVALID');
  }

  async checkChain(
    signer: DscCertificate,
    state: string | undefined,
  ): Promise<VdsNcAnchor | undefined> {
    const anchor = await this.options.trust.issuerOf(signer);
    if (!anchor) {
      this.fail('trust', 'VDS_SIGNER_UNTRUSTED', { issuer: signer.issuer });
      return undefined;
    }
    this.steps.trust = 'passed';
    const country = signer.country ?? anchor.csca.country;
    if (state && country !== state) {
      this.fail('trust', 'VDS_SIGNER_COUNTRY_MISMATCH', { state, country: country ?? '-' });
    }
    return anchor;
  }

  checkValidity(signer: DscCertificate, anchor: VdsNcAnchor | undefined): void {
    const at = this.options.at;
    let ok = true;
    const certificates: [string, DscCertificate][] = [['barcode signer', signer]];
    if (anchor) certificates.push(['CSCA', anchor.csca]);
    for (const [role, cert] of certificates) {
      if (at < cert.notBefore || at > cert.notAfter) {
        ok = false;
        this.add('VDS_SIGNER_NOT_VALID', {
          role,
          notBefore: cert.notBefore.toISOString(),
          notAfter: cert.notAfter.toISOString(),
          at: at.toISOString(),
        });
      }
    }
    this.steps.validity = ok ? 'passed' : 'failed';
  }

  checkUsage(signer: DscCertificate, sealType: 'icao.vacc' | 'icao.test' | undefined): void {
    let ok = true;
    if (!signer.extendedKeyUsage.includes(OID_EKU_VDS_NC_SIGNER)) {
      ok = false;
      this.add('VDS_SIGNER_USAGE');
    }
    if (sealType) {
      const expected = SEAL_DOCUMENT_TYPES[sealType];
      const allowed = documentTypes(signer);
      if (!allowed?.includes(expected)) {
        ok = false;
        this.add('VDS_DOCUMENT_TYPE_MISMATCH', {
          allowed: allowed?.join('/') || 'none',
          expected,
          type: sealType,
        });
      }
    }
    this.steps['key-usage'] = ok ? 'passed' : 'failed';
  }

  checkRevocation(signer: DscCertificate, anchor: VdsNcAnchor): void {
    const { crl } = anchor;
    if (!crl) {
      this.fail('revocation', 'VDS_CRL_MISSING', { issuer: anchor.csca.subject });
      return;
    }
    const at = this.options.at;
    let ok = true;
    if (at < crl.thisUpdate || (crl.nextUpdate && at > crl.nextUpdate)) {
      ok = false;
      this.add('VDS_CRL_OUTDATED', {
        thisUpdate: crl.thisUpdate.toISOString(),
        nextUpdate: crl.nextUpdate?.toISOString() ?? '-',
        at: at.toISOString(),
      });
    }
    const serial = toHex(signer.serialNumber ?? new Uint8Array());
    if (crl.revokedSerials.has(serial)) {
      ok = false;
      this.add('VDS_SIGNER_REVOKED', { serial });
    }
    this.steps.revocation = ok ? 'passed' : 'failed';
  }
}

interface Seal {
  data: Record<string, unknown>;
  hdr: Record<string, unknown>;
  msg: Record<string, unknown>;
  sig: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
