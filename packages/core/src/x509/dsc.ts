import type { CoseAlg } from '../crypto/provider.js';
import { fromBase64 } from '../lib/bytes.js';
import type { CertificateType } from '../report/report.js';
import {
  DER_BIT_STRING,
  DER_BOOLEAN,
  DER_INTEGER,
  DER_OCTET_STRING,
  DER_OID,
  DER_SEQUENCE,
  DER_SET,
  DerError,
  DerReader,
  directoryString,
  oidText,
  readTime,
} from './der.js';
import {
  CORRIDOR_KEY_USAGE_OIDS,
  CORRIDOR_OID_ARC,
  type CorridorKeyUsage,
  DCC_KEY_USAGE_OIDS,
  DN_SHORT_NAMES,
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
  /**
   * Corridor document purposes the certificate carries (`entry-pass` to sign entry passes);
   * absent when it carries none. Independent of `keyUsage`, which keeps HCERT's meaning.
   */
  corridorUsage?: CorridorKeyUsage[];
  /** All extended key usage OIDs, for display. */
  extendedKeyUsage: string[];
  /** `true` when basicConstraints marks it a CA: a CA certificate is never a document signer. */
  ca: boolean;
  /** The serial number's content octets, as a CRL lists it (always set by `readDsc`). */
  serialNumber?: Uint8Array;
  /** Every extension as read, for profile checks such as ICAO's document type list (always set by `readDsc`). */
  extensions?: CertificateExtension[];
}

/** One X.509 extension: its OID, criticality and the DER inside `extnValue`. */
export interface CertificateExtension {
  oid: string;
  critical: boolean;
  value: Uint8Array;
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
  try {
    return readCertificate(der);
  } catch (error) {
    if (error instanceof DerError) {
      throw new CertificateError(`not an X.509 certificate: ${error.message}`);
    }
    throw error;
  }
}

/** What readDsc reads, from DER known to be at most MAX_CERTIFICATE_SIZE bytes. */
function readCertificate(der: Uint8Array): DscCertificate {
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
  const top = new DerReader(der);
  const cert = top.into(DER_SEQUENCE, 'certificate');
  top.done('certificate');
  const tbs = cert.into(DER_SEQUENCE, 'tbsCertificate');
  cert.next(DER_SEQUENCE, 'signatureAlgorithm');
  cert.next(DER_BIT_STRING, 'signatureValue');
  cert.done('certificate');
  if (tbs.peek() === 0xa0) {
    const version = tbs.into(0xa0, 'version');
    const v = version.next(DER_INTEGER, 'version');
    version.done('version');
    if (v.end - v.body !== 1 || der[v.body]! > 2) throw new DerError('version: not v1, v2 or v3');
  }
  const serial = tbs.next(DER_INTEGER, 'serialNumber');
  if (serial.end === serial.body) throw new DerError('serialNumber: empty');
  tbs.next(DER_SEQUENCE, 'signature');
  const issuer = readName(tbs.into(DER_SEQUENCE, 'issuer'));
  const validity = tbs.into(DER_SEQUENCE, 'validity');
  const notBefore = readTime(der, validity.next(undefined, 'notBefore'));
  const notAfter = readTime(der, validity.next(undefined, 'notAfter'));
  validity.done('validity');
  const subject = readName(tbs.into(DER_SEQUENCE, 'subject'));
  const spkiTlv = tbs.next(DER_SEQUENCE, 'subjectPublicKeyInfo');
  const spkiInfo = tbs.enter(spkiTlv);
  const algorithm = spkiInfo.into(DER_SEQUENCE, 'subjectPublicKeyInfo algorithm');
  const algOid = oidText(algorithm.content(algorithm.next(DER_OID, 'key algorithm')));
  // A malformed algorithm OID (e.g. an arc padded with 0x80) is a broken certificate, not an
  // unknown key type: DER forbids it, and general X.509 readers refuse the certificate.
  if (algOid === undefined) throw new DerError('key algorithm: malformed OID');
  const params =
    algorithm.peek() === undefined ? undefined : algorithm.next(undefined, 'key parameters');
  algorithm.done('subjectPublicKeyInfo algorithm');
  spkiInfo.next(DER_BIT_STRING, 'subjectPublicKey');
  spkiInfo.done('subjectPublicKeyInfo');
  if (tbs.peek() === 0x81) tbs.next(0x81, 'issuerUniqueID');
  if (tbs.peek() === 0x82) tbs.next(0x82, 'subjectUniqueID');
  const extensions: CertificateExtension[] = [];
  if (tbs.peek() === 0xa3) {
    const wrapper = tbs.into(0xa3, 'extensions');
    const list = wrapper.into(DER_SEQUENCE, 'extensions');
    wrapper.done('extensions');
    while (list.peek() !== undefined) {
      const ext = list.into(DER_SEQUENCE, 'extension');
      const oid = oidText(ext.content(ext.next(DER_OID, 'extnID')));
      if (oid === undefined) throw new DerError('extnID: malformed OID');
      let critical = false;
      if (ext.peek() === DER_BOOLEAN) critical = der[ext.next(DER_BOOLEAN, 'critical').body] !== 0;
      const value = ext.content(ext.next(DER_OCTET_STRING, 'extnValue'));
      ext.done('extension');
      extensions.push({ oid, critical, value });
    }
  }
  tbs.done('tbsCertificate');

  let keyAlg: CoseAlg | undefined;
  let curveName: EcCurve | undefined;
  if (algOid === OID_EC_PUBLIC_KEY) {
    const curve =
      params?.tag === DER_OID
        ? EC_CURVES[oidText(der.subarray(params.body, params.end)) ?? '']
        : undefined;
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
  for (const ext of extensions) {
    if (ext.oid === OID_BASIC_CONSTRAINTS) {
      ca = basicConstraintsCa(ext.value);
      continue;
    }
    if (ext.oid !== OID_EXT_KEY_USAGE) continue;
    hasEku = true;
    const oids = ekuOids(ext.value);
    if (!oids) throw new CertificateError('extended key usage extension is malformed');
    extendedKeyUsage.push(...oids);
  }
  const types = new Set<CertificateType>();
  const corridor = new Set<CorridorKeyUsage>();
  for (const oid of extendedKeyUsage) {
    const type = DCC_KEY_USAGE_OIDS[oid];
    if (type) types.add(type);
    const usage = CORRIDOR_KEY_USAGE_OIDS[oid];
    if (usage) corridor.add(usage);
  }
  // Corridor's document usages without any DCC usage: such a DSC signs no health certificate.
  const corridorOnly =
    hasEku &&
    types.size === 0 &&
    extendedKeyUsage.some((oid) => oid.startsWith(`${CORRIDOR_OID_ARC}.`));
  const dsc: DscCertificate = {
    der,
    subject: formatName(subject),
    issuer: formatName(issuer),
    notBefore,
    notAfter,
    spki: der.slice(spkiTlv.start, spkiTlv.end),
    extendedKeyUsage,
    ca,
    serialNumber: der.slice(serial.body, serial.end),
    extensions,
  };
  const country = subject.find(([oid]) => oid === OID_COUNTRY)?.[1];
  if (country) dsc.country = country;
  if (keyAlg) dsc.keyAlg = keyAlg;
  if (curveName) dsc.curve = curveName;
  if (types.size > 0 || corridorOnly) dsc.keyUsage = [...types];
  if (corridor.size > 0) dsc.corridorUsage = [...corridor];
  return dsc;
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL } */
function basicConstraintsCa(value: Uint8Array): boolean {
  try {
    const outer = new DerReader(value);
    const seq = outer.into(DER_SEQUENCE, 'basicConstraints');
    outer.done('basicConstraints');
    let ca = false;
    if (seq.peek() === DER_BOOLEAN) {
      const flag = seq.next(DER_BOOLEAN, 'cA');
      if (flag.end - flag.body !== 1) throw new DerError('cA: not one byte');
      ca = value[flag.body] !== 0;
    }
    if (seq.peek() === DER_INTEGER) seq.next(DER_INTEGER, 'pathLenConstraint');
    seq.done('basicConstraints');
    return ca;
  } catch {
    throw new CertificateError('basic constraints extension is malformed');
  }
}

/** A Name (RDNSequence) read from `name` in the form `subject`/`issuer` are given (`C=AU, CN=…`). */
export function readDistinguishedName(name: DerReader): string {
  return formatName(readName(name));
}

/** RDNSequence ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }, as [oid, text] pairs. */
function readName(name: DerReader): [string, string][] {
  const out: [string, string][] = [];
  while (name.peek() !== undefined) {
    const rdn = name.into(DER_SET, 'relative distinguished name');
    while (rdn.peek() !== undefined) {
      const atv = rdn.into(DER_SEQUENCE, 'attribute');
      const type = oidText(atv.content(atv.next(DER_OID, 'attribute type')));
      if (type === undefined) throw new DerError('attribute type: malformed OID');
      const value = atv.next(undefined, 'attribute value');
      atv.done('attribute');
      out.push([type, directoryString(name.bytes, value)]);
    }
  }
  return out;
}

/** The OIDs of an ExtKeyUsageSyntax (SEQUENCE OF OBJECT IDENTIFIER), decoded exactly. */
function ekuOids(der: Uint8Array): string[] | undefined {
  try {
    const outer = new DerReader(der);
    const list = outer.into(DER_SEQUENCE);
    outer.done();
    const out: string[] = [];
    while (list.peek() !== undefined) {
      const oid = oidText(list.content(list.next(DER_OID)));
      if (!oid) return undefined;
      out.push(oid);
    }
    return out;
  } catch {
    return undefined;
  }
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

function formatName(attrs: [string, string][]): string {
  return attrs.map(([oid, value]) => `${DN_SHORT_NAMES[oid] ?? oid}=${value}`).join(', ');
}
