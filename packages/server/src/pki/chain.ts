import type { Finding, Lang } from '@corridor/core/report';
import { type CertificateInfo, readCertificate } from './certificate.js';
import { type PkiFindingCode, pkiFinding } from './findings.js';
import { DSC_USAGES, type DscUsage, dscUsageOf } from './oids.js';
import { x509 } from './x509.js';

/** Options of {@link verifyDscChain}. */
export interface DscChainOptions {
  /** The instant the chain must be valid at. */
  at: Date;
  /** When given, the DSC must be allowed to sign this kind of document. */
  usage?: DscUsage;
  /** Language of the findings (English by default). */
  lang?: Lang;
}

/** The answer of {@link verifyDscChain}: never thrown, always complete. */
export interface DscChainResult {
  /** `true` exactly when no finding is an error. */
  ok: boolean;
  /** Errors and warnings, each with a stable `PKI_*` code. */
  findings: Finding[];
  /** The DSC, when it could be read. */
  dsc?: CertificateInfo;
  /** The CSCA the DSC chains to (or the closest candidate when it does not). */
  csca?: CertificateInfo;
}

const HCERT_TYPES: readonly DscUsage[] = ['test', 'vaccination', 'recovery'];

/**
 * Checks that a DSC chains to one of the given CSCAs at `at`: the CSCA's subject equals the
 * DSC's issuer and its SKI equals the DSC's AKI, the CSCA is a CA (basicConstraints cA, and
 * keyCertSign when it has a key usage), the CSCA signed the DSC, both are valid at `at`, both
 * name the same single country `C`, and the DSC is a document signer (not a CA, key usage
 * digitalSignature only, no extended key usage outside the DSC usages, and `usage` allowed
 * when asked: a DSC without any usage EKU may sign any HCERT type, HCERT Annex A.4; one that
 * names usages may sign only those, so a lane-document DSC does not sign vaccinations, and
 * Corridor's own usages must always be named). Unreadable CSCAs are skipped.
 *
 * @example
 * const result = await verifyDscChain(dscDer, [cscaDer], { at: new Date() });
 * if (!result.ok) console.log(result.findings.map((f) => f.code));
 */
export async function verifyDscChain(
  dscInput: Uint8Array | string,
  cscaInputs: readonly (Uint8Array | string)[],
  options: DscChainOptions,
): Promise<DscChainResult> {
  const { at, lang } = options;
  const finding = (code: PkiFindingCode, params?: Record<string, string | number>) =>
    pkiFinding(code, params, lang);
  let dsc: CertificateInfo;
  try {
    dsc = await readCertificate(dscInput);
  } catch (error) {
    const findings = [
      finding('PKI_CERTIFICATE_UNREADABLE', { role: 'DSC', reason: reasonOf(error) }),
    ];
    return { ok: false, findings };
  }
  const findings = dscFindings(dsc, options).map(([code, params]) => finding(code, params));
  const dscIssuer = nameBytes(dsc.certificate.issuerName);
  if (equalBytes(dscIssuer, nameBytes(dsc.certificate.subjectName))) {
    findings.push(finding('PKI_DSC_SELF_SIGNED', { subject: dsc.subject }));
    return { ok: false, findings, dsc };
  }
  const cscas: CertificateInfo[] = [];
  for (const input of cscaInputs) {
    try {
      cscas.push(await readCertificate(input));
    } catch {
      // An unreadable CSCA cannot be the issuer; the trust list loader reports it.
    }
  }
  let candidates = cscas.filter((c) => equalBytes(nameBytes(c.certificate.subjectName), dscIssuer));
  if (candidates.length === 0) {
    findings.push(finding('PKI_CSCA_NOT_FOUND', { issuer: dsc.issuer }));
    return { ok: false, findings, dsc };
  }
  if (!dsc.aki) {
    findings.push(finding('PKI_AKI_MISSING'));
  } else {
    candidates = candidates.filter((c) => c.ski === dsc.aki);
    if (candidates.length === 0) {
      findings.push(finding('PKI_AKI_MISMATCH', { aki: dsc.aki, issuer: dsc.issuer }));
      return { ok: false, findings, dsc };
    }
  }
  let best: { csca: CertificateInfo; findings: Finding[]; errors: number } | undefined;
  for (const csca of candidates) {
    const own = (await cscaFindings(dsc, csca, at)).map(([code, params]) => finding(code, params));
    const errors = own.filter((f) => f.severity === 'error').length;
    if (!best || errors < best.errors) best = { csca, findings: own, errors };
    if (errors === 0) break;
  }
  findings.push(...best!.findings);
  return { ok: !findings.some((f) => f.severity === 'error'), findings, dsc, csca: best!.csca };
}

type Check = [PkiFindingCode, Record<string, string | number>?];

function dscFindings(dsc: CertificateInfo, options: DscChainOptions): Check[] {
  const out: Check[] = [];
  if (options.at < dsc.notBefore)
    out.push(['PKI_DSC_NOT_YET_VALID', { notBefore: iso(dsc.notBefore) }]);
  if (options.at > dsc.notAfter) out.push(['PKI_DSC_EXPIRED', { notAfter: iso(dsc.notAfter) }]);
  if (dsc.ca) out.push(['PKI_DSC_IS_CA']);
  if (dsc.keyUsage !== undefined) {
    const flags = x509.KeyUsageFlags;
    if (!(dsc.keyUsage & flags.digitalSignature)) {
      out.push(['PKI_DSC_KEY_USAGE_INVALID', { reason: 'digitalSignature is missing' }]);
    } else if (dsc.keyUsage & (flags.keyCertSign | flags.cRLSign)) {
      out.push(['PKI_DSC_KEY_USAGE_INVALID', { reason: 'it may also sign certificates' }]);
    }
  }
  for (const oid of dsc.extendedKeyUsage) {
    if (!dscUsageOf(oid)) out.push(['PKI_DSC_EKU_NOT_PERMITTED', { oid }]);
  }
  const { usage } = options;
  if (usage) {
    const hcertOpen = dsc.usages.length === 0;
    const allowed = dsc.usages.includes(usage) || (hcertOpen && HCERT_TYPES.includes(usage));
    if (!allowed) {
      const list = hcertOpen ? [...HCERT_TYPES, ...dsc.usages] : dsc.usages;
      out.push([
        'PKI_DSC_USAGE_NOT_PERMITTED',
        { usage, allowed: DSC_USAGES.filter((u) => list.includes(u)).join(', ') },
      ]);
    }
  }
  return out;
}

async function cscaFindings(
  dsc: CertificateInfo,
  csca: CertificateInfo,
  at: Date,
): Promise<Check[]> {
  const out: Check[] = [];
  const flags = x509.KeyUsageFlags;
  if (!csca.ca || (csca.keyUsage !== undefined && !(csca.keyUsage & flags.keyCertSign))) {
    out.push(['PKI_CSCA_NOT_CA', { subject: csca.subject }]);
  }
  let signed = false;
  try {
    signed = await dsc.certificate.verify({
      publicKey: csca.certificate.publicKey,
      signatureOnly: true,
    });
  } catch {
    signed = false;
  }
  if (!signed) out.push(['PKI_SIGNATURE_INVALID', { issuer: csca.subject }]);
  if (at < csca.notBefore)
    out.push(['PKI_CSCA_NOT_YET_VALID', { subject: csca.subject, notBefore: iso(csca.notBefore) }]);
  if (at > csca.notAfter)
    out.push(['PKI_CSCA_EXPIRED', { subject: csca.subject, notAfter: iso(csca.notAfter) }]);
  if (!csca.country) {
    out.push(['PKI_CSCA_COUNTRY_MISSING', { subject: csca.subject }]);
  } else if (dsc.countries.length !== 1 || dsc.country !== csca.country) {
    out.push([
      'PKI_COUNTRY_MISMATCH',
      { dscCountry: dsc.countries.join('/') || '-', cscaCountry: csca.country },
    ]);
  }
  if (dsc.notAfter > csca.notAfter) {
    out.push([
      'PKI_DSC_OUTLIVES_CSCA',
      { dscNotAfter: iso(dsc.notAfter), cscaNotAfter: iso(csca.notAfter) },
    ]);
  }
  return out;
}

function nameBytes(name: x509.Name): Uint8Array {
  return new Uint8Array(name.toArrayBuffer());
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function iso(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
