import { toHex } from '@corridor/core/lib';
import { AsnConvert } from '@peculiar/asn1-schema';
import { PrivateKeyUsagePeriod } from '@peculiar/asn1-x509';
import {
  algOfKey,
  SIGNATURE_ALGORITHMS,
  type SigningAlg,
  type SigningKeyPair,
} from './algorithms.js';
import { PkiError } from './errors.js';
import { decodeExtendedKeyUsage } from './oid-der.js';
import {
  type DscUsage,
  dscUsageOf,
  OID_EXTENDED_KEY_USAGE,
  OID_PRIVATE_KEY_USAGE_PERIOD,
} from './oids.js';
import { x509 } from './x509.js';

const DAY_MS = 86_400_000;

/** Adds whole days to an instant (certificate lifetimes are counted in days). */
export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** Adds calendar years (UTC), e.g. a CSCA valid for 4 years from `at`. */
export function addYears(at: Date, years: number): Date {
  const out = new Date(at.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}

/** Adds calendar months (UTC), e.g. a DSC private key used for 6 months. */
export function addMonths(at: Date, months: number): Date {
  const out = new Date(at.getTime());
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
}

/** When a certificate is valid; each bound defaults from `now` and the certificate kind. */
export interface Validity {
  notBefore?: Date;
  notAfter?: Date;
}

/**
 * When the private key may sign (X.509 PrivateKeyUsagePeriod, 2.5.29.16, non-critical).
 * Signing stops at `notAfter`; the certificate stays valid for verification until its own
 * `notAfter`, which is the overlap during which documents signed earlier still verify.
 */
export interface PrivateKeyUsage {
  notBefore?: Date;
  notAfter?: Date;
}

/** A certificate made here, with the key pair it certifies. */
export interface IssuedCertificate {
  /** DER encoding. */
  der: Uint8Array;
  /** PEM text (`-----BEGIN CERTIFICATE-----`). */
  pem: string;
  /** The parsed certificate. */
  certificate: x509.X509Certificate;
  keys: SigningKeyPair;
}

/** A CSCA able to sign: its certificate and private key. */
export interface CscaSigner {
  /** The CSCA certificate: DER, PEM, or a parsed certificate. */
  certificate: Uint8Array | string | x509.X509Certificate;
  privateKey: CryptoKey;
}

/** What Corridor reads from any certificate it makes or checks. */
export interface CertificateInfo {
  der: Uint8Array;
  certificate: x509.X509Certificate;
  subject: string;
  issuer: string;
  /** The subject's `C` values (a CSCA or DSC must have exactly one). */
  countries: string[];
  /** The subject's `C` when there is exactly one. */
  country?: string;
  notBefore: Date;
  notAfter: Date;
  /** The PrivateKeyUsagePeriod extension, when present. */
  privateKeyUsage?: PrivateKeyUsage;
  /** basicConstraints cA. */
  ca: boolean;
  /** keyUsage bit flags (`x509.KeyUsageFlags`), when the extension is present. */
  keyUsage?: number;
  /** All extended key usage OIDs. */
  extendedKeyUsage: string[];
  /** The EKUs that name a DSC usage (HCERT or Corridor). */
  usages: DscUsage[];
  /** Subject key identifier, lower-case hex. */
  ski?: string;
  /** Authority key identifier (keyIdentifier form), lower-case hex. */
  aki?: string;
  /** HCERT `kid`: the first 8 bytes of the SHA-256 of the DER. */
  kid: Uint8Array;
  /** SHA-256 of the DER, lower-case hex. */
  fingerprint: string;
  /** The signing algorithm the certified key serves, when it is one Corridor uses. */
  keyAlg?: SigningAlg;
}

/** Parses a certificate given as DER, PEM or a parsed certificate. Throws when unreadable. */
export function toX509(input: Uint8Array | string | x509.X509Certificate): x509.X509Certificate {
  if (input instanceof x509.X509Certificate) return input;
  return new x509.X509Certificate(typeof input === 'string' ? input : toArrayBuffer(input));
}

/** The DER bytes of a parsed certificate. */
export function derOf(certificate: x509.X509Certificate): Uint8Array {
  return new Uint8Array(certificate.rawData);
}

/** HCERT `kid` of a certificate: the first 8 bytes of the SHA-256 of its DER (§3.3.1). */
export async function certificateKid(der: Uint8Array): Promise<Uint8Array> {
  const hash = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', toArrayBuffer(der)));
  return hash.slice(0, 8);
}

/** Reads the facts Corridor relies on from a certificate (DER, PEM or parsed). */
export async function readCertificate(
  input: Uint8Array | string | x509.X509Certificate,
): Promise<CertificateInfo> {
  const certificate = toX509(input);
  const der = derOf(certificate);
  const hash = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', toArrayBuffer(der)));
  const basic = certificate.getExtension(x509.BasicConstraintsExtension);
  const keyUsage = certificate.getExtension(x509.KeyUsagesExtension);
  // Decoded here, not by asn1js, which cannot print Corridor's 128-bit arc (see oid-der.ts).
  const extendedKeyUsage = certificate
    .getExtensions(OID_EXTENDED_KEY_USAGE)
    .flatMap((ext) => decodeExtendedKeyUsage(ext.value));
  const usages = [
    ...new Set(extendedKeyUsage.map(dscUsageOf).filter((u): u is DscUsage => u !== undefined)),
  ];
  const countries = certificate.subjectName.getField('C');
  const info: CertificateInfo = {
    der,
    certificate,
    subject: certificate.subject,
    issuer: certificate.issuer,
    countries,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    ca: basic?.ca ?? false,
    extendedKeyUsage,
    usages,
    kid: hash.slice(0, 8),
    fingerprint: toHex(hash),
  };
  if (countries.length === 1) info.country = countries[0]!;
  if (keyUsage) info.keyUsage = keyUsage.usages;
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  if (ski) info.ski = ski.keyId.toLowerCase();
  const aki = certificate.getExtension(x509.AuthorityKeyIdentifierExtension);
  if (aki?.keyId) info.aki = aki.keyId.toLowerCase();
  const pkup = certificate.getExtension(OID_PRIVATE_KEY_USAGE_PERIOD);
  if (pkup) {
    const period = AsnConvert.parse(pkup.value, PrivateKeyUsagePeriod);
    info.privateKeyUsage = {};
    if (period.notBefore) info.privateKeyUsage.notBefore = period.notBefore;
    if (period.notAfter) info.privateKeyUsage.notAfter = period.notAfter;
  }
  const alg = publicKeyAlg(certificate);
  if (alg) info.keyAlg = alg;
  return info;
}

/** The Corridor algorithm of a certificate's public key (P-256 → ES256, RSA → PS256). */
function publicKeyAlg(certificate: x509.X509Certificate): SigningAlg | undefined {
  const algorithm = certificate.publicKey.algorithm as Partial<
    EcKeyAlgorithm & RsaHashedKeyAlgorithm
  >;
  if (algorithm.name === 'ECDSA' && algorithm.namedCurve === 'P-256') return 'ES256';
  if (algorithm.name === 'RSASSA-PKCS1-v1_5' || algorithm.name === 'RSA-PSS') return 'PS256';
  return undefined;
}

/** Parameters of {@link signCertificate}. */
export interface SignCertificateParams {
  /** Subject DN, in order (`C` first, then `O`, then `CN`). */
  subject: x509.JsonName;
  /** The key the certificate certifies. */
  subjectKeys: SigningKeyPair;
  /** The issuer; omitted for a self-signed certificate. */
  issuer?: x509.X509Certificate;
  /** The issuer's private key (the subject's own for a self-signed certificate). */
  signingKey: CryptoKey;
  notBefore: Date;
  notAfter: Date;
  privateKeyUsage?: PrivateKeyUsage;
  /** Extensions besides SKI, AKI and PrivateKeyUsagePeriod, which are added here. */
  extensions: x509.Extension[];
}

/**
 * Signs a certificate: random positive 128-bit serial, SKI from the subject key (SHA-1 of the
 * key, RFC 5280 §4.2.1.2 method 1), AKI equal to the issuer's SKI (its own SKI when
 * self-signed), the issuer's DN copied byte for byte. The building block of every
 * `create*` function; exported for tests that need deliberately wrong certificates.
 */
export async function signCertificate(params: SignCertificateParams): Promise<IssuedCertificate> {
  const signingAlg = algOfKey(params.signingKey);
  if (!signingAlg)
    throw new PkiError('PKI_KEY_UNSUPPORTED', 'the signing key is neither P-256 nor RSA-PSS');
  const ski = await x509.SubjectKeyIdentifierExtension.create(params.subjectKeys.publicKey);
  let akiId = ski.keyId;
  if (params.issuer) {
    const issuerSki = params.issuer.getExtension(x509.SubjectKeyIdentifierExtension);
    if (!issuerSki)
      throw new PkiError(
        'PKI_CSCA_SKI_MISSING',
        'the issuing certificate has no subject key identifier',
      );
    akiId = issuerSki.keyId;
  }
  const extensions: x509.Extension[] = [
    ...params.extensions,
    ski,
    new x509.AuthorityKeyIdentifierExtension(akiId),
  ];
  if (params.privateKeyUsage) {
    const period = new PrivateKeyUsagePeriod();
    if (params.privateKeyUsage.notBefore) period.notBefore = params.privateKeyUsage.notBefore;
    if (params.privateKeyUsage.notAfter) period.notAfter = params.privateKeyUsage.notAfter;
    extensions.push(
      new x509.Extension(OID_PRIVATE_KEY_USAGE_PERIOD, false, AsnConvert.serialize(period)),
    );
  }
  const subject = new x509.Name(params.subject);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject,
    issuer: params.issuer ? params.issuer.subjectName : subject,
    notBefore: params.notBefore,
    notAfter: params.notAfter,
    publicKey: params.subjectKeys.publicKey,
    signingKey: params.signingKey,
    signingAlgorithm: SIGNATURE_ALGORITHMS[signingAlg],
    extensions,
  });
  return {
    der: derOf(certificate),
    pem: certificate.toString('pem'),
    certificate,
    keys: params.subjectKeys,
  };
}

/** Builds a subject DN: `C`, optional `O`, `CN`. */
export function subjectName(
  country: string,
  commonName: string,
  organization?: string,
): x509.JsonName {
  const name: x509.JsonName = [{ C: [country] }];
  if (organization) name.push({ O: [organization] });
  name.push({ CN: [commonName] });
  return name;
}

/** Throws unless `country` is an ISO 3166-1 alpha-2 code in upper case. */
export function assertCountry(country: string): void {
  if (!/^[A-Z]{2}$/.test(country)) {
    throw new PkiError(
      'PKI_COUNTRY_INVALID',
      `"${country}" is not an ISO 3166-1 alpha-2 country code`,
    );
  }
}

/** Throws unless `notBefore` < `notAfter`. */
export function assertPeriod(what: string, notBefore: Date, notAfter: Date): void {
  if (!(notBefore.getTime() < notAfter.getTime())) {
    throw new PkiError(
      'PKI_VALIDITY_INVALID',
      `${what} ends (${notAfter.toISOString()}) before it starts (${notBefore.toISOString()})`,
    );
  }
}

function randomSerial(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  // Positive and exactly 16 bytes in DER: top bit clear, second-highest bit set.
  bytes[0] = (bytes[0]! & 0x3f) | 0x40;
  return toHex(bytes);
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
