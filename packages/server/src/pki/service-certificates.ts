import { generateSigningKeyPair, type SigningAlg, type SigningKeyPair } from './algorithms.js';
import {
  addYears,
  assertCountry,
  assertPeriod,
  type CscaSigner,
  type IssuedCertificate,
  readCertificate,
  signCertificate,
  subjectName,
  toX509,
  type Validity,
} from './certificate.js';
import { minDate } from './csca.js';
import { PkiError } from './errors.js';
import { OID_EKU_AUTHORITY, OID_EKU_GATEWAY_UPLOAD } from './oids.js';
import { x509 } from './x509.js';

/** Upload certificate lifetime: 1 year (governance: 1–2 years for upload/TLS certificates). */
export const UPLOAD_VALIDITY_YEARS = 1;
/** Authority certificate lifetime: 2 years. */
export const AUTHORITY_VALIDITY_YEARS = 2;

/** Parameters of {@link createUploadCertificate} and {@link createAuthorityCertificate}. */
export interface CreateServiceCertificateOptions {
  country: string;
  commonName: string;
  organization?: string;
  alg?: SigningAlg;
  keys?: SigningKeyPair;
  now: Date;
  validity?: Validity;
  /**
   * The country's CSCA, to sign the certificate; without it the certificate is self-signed
   * (the gateway's trust anchor then vouches for it at onboarding, as in the DCC gateway).
   */
  csca?: CscaSigner;
}

/**
 * Creates the certificate a national node signs its gateway uploads with (DSCs, rule sets,
 * revocation batches): keyUsage digitalSignature, EKU Corridor gateway-upload
 * (`OID_EKU_GATEWAY_UPLOAD`), default validity {@link UPLOAD_VALIDITY_YEARS} year.
 */
export function createUploadCertificate(
  options: CreateServiceCertificateOptions,
): Promise<IssuedCertificate> {
  return createServiceCertificate(options, OID_EKU_GATEWAY_UPLOAD, UPLOAD_VALIDITY_YEARS, false);
}

/**
 * Creates the certificate a country's health authority signs recognition agreements and
 * trust decisions with: keyUsage digitalSignature + nonRepudiation (it commits the
 * authority), EKU Corridor authority (`OID_EKU_AUTHORITY`), default validity
 * {@link AUTHORITY_VALIDITY_YEARS} years.
 */
export function createAuthorityCertificate(
  options: CreateServiceCertificateOptions,
): Promise<IssuedCertificate> {
  return createServiceCertificate(options, OID_EKU_AUTHORITY, AUTHORITY_VALIDITY_YEARS, true);
}

async function createServiceCertificate(
  options: CreateServiceCertificateOptions,
  eku: string,
  years: number,
  nonRepudiation: boolean,
): Promise<IssuedCertificate> {
  assertCountry(options.country);
  const keys = options.keys ?? (await generateSigningKeyPair(options.alg ?? 'ES256'));
  const notBefore = options.validity?.notBefore ?? options.now;
  let notAfter = options.validity?.notAfter ?? addYears(notBefore, years);
  let issuer: x509.X509Certificate | undefined;
  if (options.csca) {
    issuer = toX509(options.csca.certificate);
    const csca = await readCertificate(issuer);
    if (!csca.ca) throw new PkiError('PKI_CSCA_NOT_CA', 'the issuing certificate is not a CA');
    if (csca.country !== options.country) {
      throw new PkiError('PKI_COUNTRY_MISMATCH', `the CSCA is not for ${options.country}`);
    }
    if (!options.validity?.notAfter) notAfter = minDate(notAfter, csca.notAfter);
  }
  assertPeriod('the certificate validity', notBefore, notAfter);
  let flags = x509.KeyUsageFlags.digitalSignature;
  if (nonRepudiation) flags |= x509.KeyUsageFlags.nonRepudiation;
  const params = {
    subject: subjectName(options.country, options.commonName, options.organization),
    subjectKeys: keys,
    signingKey: options.csca?.privateKey ?? keys.privateKey,
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(flags, true),
      new x509.ExtendedKeyUsageExtension([eku], false),
    ],
  };
  return signCertificate(issuer ? { ...params, issuer } : params);
}
