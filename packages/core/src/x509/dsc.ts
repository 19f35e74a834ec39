import { AsnConvert } from '@peculiar/asn1-schema';
import { BasicConstraints, Certificate, type Name } from '@peculiar/asn1-x509';
import type { CoseAlg } from '../crypto/provider.js';
import { fromBase64 } from '../lib/bytes.js';
import type { CertificateType } from '../report/report.js';
import {
  CORRIDOR_OID_ARC,
  DCC_KEY_USAGE_OIDS,
  DN_SHORT_NAMES,
  decodeOid,
  decodeOidBody,
  OID_BASIC_CONSTRAINTS,
  OID_COUNTRY,
  OID_EC_PUBLIC_KEY,
  OID_EXT_KEY_USAGE,
  OID_P256,
  OID_P384,
  OID_P521,
  OID_RSA_ENCRYPTION,
  OID_RSASSA_PSS,
} from './oids.js';

export type EcCurve = 'P-256' | 'P-384' | 'P-521';

/**
 * EC curves a DSC key may use with `alg` ES256. HCERT names P-256; COSE (RFC 9053 §2.1) lets
 * ES256 run over any of these, and some issuers' DSCs are P-384 (dgc-testdata ES/401-403), so
 * they verify, with a warning.
 */
const EC_CURVES: Record<string, EcCurve> = {
  [OID_P256]: 'P-256',
  [OID_P384]: 'P-384',
  [OID_P521]: 'P-521',
};

/** Largest certificate accepted: real DSCs are 0.5 to 2.5 KiB. */
export const MAX_CERTIFICATE_SIZE = 16 * 1024;

/** What verification needs from a Document Signer Certificate. */
export interface DscCertificate {
  der: Uint8Array;
  subject: string;
  issuer: string;
  /** ISO 3166 `C` of the subject, if present. */
  country?: string;
  notBefore: Date;
  notAfter: Date;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** The COSE algorithm the key can serve, when recognisable. */
  keyAlg?: CoseAlg;
  /** The named curve of an EC key. */
  curve?: EcCurve;
  /**
   * Types this DSC may sign: `undefined` when it carries no DCC usage (any type, HCERT A.4);
   * empty when it carries only Corridor document usages (no health certificate at all).
   */
  keyUsage?: CertificateType[];
  /** All extended key usage OIDs, for display. */
  extendedKeyUsage: string[];
  /** `true` when basicConstraints marks it a CA: a CA certificate is never a document signer. */
  ca: boolean;
}

/** A certificate that could not be read. */
export class CertificateError extends Error {
  readonly code = 'DSC_UNREADABLE';
}

/**
 * Reads an X.509 certificate given as DER bytes, PEM text or bare base64 text.
 * Throws {@link CertificateError} when it is not a certificate or is larger than
 * {@link MAX_CERTIFICATE_SIZE}; trust material is operator input, not scanned input.
 */
export function readDsc(input: Uint8Array | string): DscCertificate {
  const der = toDer(input);
  if (der.length > MAX_CERTIFICATE_SIZE) {
    throw new CertificateError(
      `certificate is ${der.length} bytes; at most ${MAX_CERTIFICATE_SIZE}`,
    );
  }
  let cert: Certificate;
  try {
    cert = AsnConvert.parse(der, Certificate);
  } catch (error) {
    throw new CertificateError(`not an X.509 certificate: ${(error as Error).message}`);
  }
  const tbs = cert.tbsCertificate;
  const spkiInfo = tbs.subjectPublicKeyInfo;
  const spki = new Uint8Array(AsnConvert.serialize(spkiInfo));
  let keyAlg: CoseAlg | undefined;
  let curveName: EcCurve | undefined;
  const algOid = spkiInfo.algorithm.algorithm;
  if (algOid === OID_EC_PUBLIC_KEY) {
    const params = spkiInfo.algorithm.parameters;
    const curve = params ? EC_CURVES[decodeOid(new Uint8Array(params)) ?? ''] : undefined;
    if (curve) {
      keyAlg = 'ES256';
      curveName = curve;
    }
  } else if (algOid === OID_RSA_ENCRYPTION || algOid === OID_RSASSA_PSS) {
    keyAlg = 'PS256';
  }
  const extendedKeyUsage: string[] = [];
  let hasEku = false;
  let ca = false;
  for (const ext of tbs.extensions ?? []) {
    if (ext.extnID === OID_BASIC_CONSTRAINTS) {
      try {
        ca = AsnConvert.parse(ext.extnValue, BasicConstraints).cA === true;
      } catch {
        throw new CertificateError('basic constraints extension is malformed');
      }
      continue;
    }
    if (ext.extnID !== OID_EXT_KEY_USAGE) continue;
    hasEku = true;
    const oids = ekuOids(new Uint8Array(ext.extnValue.buffer));
    if (!oids) throw new CertificateError('extended key usage extension is malformed');
    extendedKeyUsage.push(...oids);
  }
  const types = new Set<CertificateType>();
  for (const oid of extendedKeyUsage) {
    const type = DCC_KEY_USAGE_OIDS[oid];
    if (type) types.add(type);
  }
  // Corridor's document usages without any DCC usage: such a DSC signs no health certificate.
  const corridorOnly =
    hasEku &&
    types.size === 0 &&
    extendedKeyUsage.some((oid) => oid.startsWith(`${CORRIDOR_OID_ARC}.`));
  const subject = nameAttributes(tbs.subject);
  const dsc: DscCertificate = {
    der,
    subject: formatName(subject),
    issuer: formatName(nameAttributes(tbs.issuer)),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    spki,
    extendedKeyUsage,
    ca,
  };
  const country = subject.find(([oid]) => oid === OID_COUNTRY)?.[1];
  if (country) dsc.country = country;
  if (keyAlg) dsc.keyAlg = keyAlg;
  if (curveName) dsc.curve = curveName;
  if (types.size > 0 || corridorOnly) dsc.keyUsage = [...types];
  return dsc;
}

/** The OIDs of an ExtKeyUsageSyntax (SEQUENCE OF OBJECT IDENTIFIER), decoded exactly. */
function ekuOids(der: Uint8Array): string[] | undefined {
  if (der[0] !== 0x30) return undefined;
  let pos = 2;
  let end = 2 + der[1]!;
  if (der[1]! & 0x80) {
    const n = der[1]! & 0x7f;
    if (n < 1 || n > 2) return undefined;
    end = 0;
    for (let i = 0; i < n; i++) end = end * 256 + der[2 + i]!;
    pos = 2 + n;
    end += pos;
  }
  if (end !== der.length) return undefined;
  const out: string[] = [];
  while (pos < end) {
    if (der[pos] !== 0x06) return undefined;
    const len = der[pos + 1]!;
    if (len & 0x80 || pos + 2 + len > end) return undefined;
    const oid = decodeOidBody(der.subarray(pos + 2, pos + 2 + len));
    if (!oid) return undefined;
    out.push(oid);
    pos += 2 + len;
  }
  return out;
}

function toDer(input: Uint8Array | string): Uint8Array {
  if (typeof input !== 'string') return input;
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(input);
  try {
    return fromBase64(pem ? pem[1]! : input.trim());
  } catch {
    throw new CertificateError('certificate text is neither PEM nor base64');
  }
}

function nameAttributes(name: Name): [string, string][] {
  const out: [string, string][] = [];
  for (const rdn of name) {
    for (const attr of rdn) out.push([attr.type, attr.value.toString()]);
  }
  return out;
}

function formatName(attrs: [string, string][]): string {
  return attrs.map(([oid, value]) => `${DN_SHORT_NAMES[oid] ?? oid}=${value}`).join(', ');
}
