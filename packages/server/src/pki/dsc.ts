import { generateSigningKeyPair, type SigningAlg, type SigningKeyPair } from './algorithms.js';
import {
  addMonths,
  addYears,
  assertCountry,
  assertPeriod,
  type CscaSigner,
  certificateKid,
  type IssuedCertificate,
  type PrivateKeyUsage,
  readCertificate,
  signCertificate,
  subjectName,
  toX509,
  type Validity,
} from './certificate.js';
import { minDate } from './csca.js';
import { PkiError } from './errors.js';
import { DSC_USAGE_OIDS, DSC_USAGES, type DscUsage } from './oids.js';
import { x509 } from './x509.js';

/** DSC certificate lifetime (DCC certificate governance §3.2): 2 years. */
export const DSC_VALIDITY_YEARS = 2;
/** DSC private-key usage: 6 months, after which a new DSC signs. */
export const DSC_KEY_USAGE_MONTHS = 6;

/** Parameters of {@link createDsc}. */
export interface CreateDscOptions {
  /** The issuing CSCA; its `C` must equal `country`. */
  csca: CscaSigner;
  country: string;
  commonName: string;
  organization?: string;
  /**
   * What the DSC may sign; written as extended key usages (HCERT Annex A.4 OIDs for
   * test/vaccination/recovery, Corridor's for entry passes and lane documents, docs/oids.md).
   * At least one.
   */
  usages: readonly DscUsage[];
  /** `ES256` (default) or `PS256`; ignored when `keys` is given. */
  alg?: SigningAlg;
  /** The DSC key pair (e.g. from a key store); generated when omitted. */
  keys?: SigningKeyPair;
  now: Date;
  /**
   * Default: `now` to `now` + {@link DSC_VALIDITY_YEARS} years, cut to the CSCA's end. An
   * explicit `notAfter` beyond the CSCA's end is refused.
   */
  validity?: Validity;
  /**
   * Default: validity start to start + {@link DSC_KEY_USAGE_MONTHS} months. Setting
   * `notBefore` later than the validity start publishes the DSC ahead of use, so verifiers
   * hold it before the first document it signs (see `planRotation`).
   */
  privateKeyUsage?: PrivateKeyUsage;
}

/** A DSC made by {@link createDsc}, with its HCERT `kid`. */
export interface IssuedDsc extends IssuedCertificate {
  /** First 8 bytes of the SHA-256 of the DER (HCERT §3.3.1). */
  kid: Uint8Array;
}

/**
 * Creates a Document Signer Certificate signed by the country's CSCA: subject with
 * `C=<country>`, AKI = the CSCA's SKI, keyUsage digitalSignature (critical), the usages as
 * EKUs, a PrivateKeyUsagePeriod, and basicConstraints cA=false.
 *
 * Throws `PkiError` when the CSCA is not a CA, is for another country, is outside its own
 * validity or private-key usage period at `now`, or would expire before the DSC.
 *
 * @example
 * const dsc = await createDsc({ csca, country: 'KR', commonName: 'KR DSC 1', usages: ['vaccination'], now });
 * await issueHcert(dcc, { signer: { alg: dsc.keys.alg, privateKey: dsc.keys.privateKey, kid: dsc.kid, country: 'KR' }, at, expiresAt });
 */
export async function createDsc(options: CreateDscOptions): Promise<IssuedDsc> {
  assertCountry(options.country);
  const usages = [...new Set(options.usages)];
  if (usages.length === 0)
    throw new PkiError('PKI_USAGE_MISSING', 'a DSC needs at least one usage');
  for (const usage of usages) {
    if (!DSC_USAGES.includes(usage))
      throw new PkiError('PKI_USAGE_UNKNOWN', `unknown DSC usage "${usage}"`);
  }
  const issuer = toX509(options.csca.certificate);
  const csca = await readCertificate(issuer);
  if (!csca.ca) throw new PkiError('PKI_CSCA_NOT_CA', 'the issuing certificate is not a CA');
  if (csca.country !== options.country) {
    throw new PkiError(
      'PKI_COUNTRY_MISMATCH',
      `the CSCA is for ${csca.countries.join('/') || 'no country'}; a DSC for ${options.country} needs that country's CSCA`,
    );
  }
  const { now } = options;
  if (now < csca.notBefore || now > csca.notAfter) {
    throw new PkiError(
      'PKI_CSCA_EXPIRED',
      `the CSCA is valid from ${csca.notBefore.toISOString()} to ${csca.notAfter.toISOString()}`,
    );
  }
  const cscaUsage = csca.privateKeyUsage;
  if (
    (cscaUsage?.notBefore && now < cscaUsage.notBefore) ||
    (cscaUsage?.notAfter && now > cscaUsage.notAfter)
  ) {
    throw new PkiError(
      'PKI_CSCA_KEY_USAGE_ENDED',
      `the CSCA key may sign from ${cscaUsage.notBefore?.toISOString() ?? '-'} to ${cscaUsage.notAfter?.toISOString() ?? '-'}; create a new CSCA`,
    );
  }
  const keys = options.keys ?? (await generateSigningKeyPair(options.alg ?? 'ES256'));
  const notBefore = options.validity?.notBefore ?? now;
  const notAfter =
    options.validity?.notAfter ?? minDate(addYears(notBefore, DSC_VALIDITY_YEARS), csca.notAfter);
  assertPeriod('the DSC validity', notBefore, notAfter);
  if (notAfter > csca.notAfter || notBefore < csca.notBefore) {
    throw new PkiError(
      'PKI_VALIDITY_INVALID',
      'the DSC validity must lie within the CSCA validity',
    );
  }
  const usageStart = options.privateKeyUsage?.notBefore ?? notBefore;
  const usageEnd =
    options.privateKeyUsage?.notAfter ??
    minDate(addMonths(usageStart, DSC_KEY_USAGE_MONTHS), notAfter);
  assertPeriod('the DSC private-key usage period', usageStart, usageEnd);
  if (usageStart < notBefore || usageEnd > notAfter) {
    throw new PkiError(
      'PKI_VALIDITY_INVALID',
      'the private-key usage period must lie within the DSC validity',
    );
  }
  const issued = await signCertificate({
    subject: subjectName(options.country, options.commonName, options.organization),
    subjectKeys: keys,
    issuer,
    signingKey: options.csca.privateKey,
    notBefore,
    notAfter,
    privateKeyUsage: { notBefore: usageStart, notAfter: usageEnd },
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(
        DSC_USAGES.filter((u) => usages.includes(u)).map((u) => DSC_USAGE_OIDS[u]),
        false,
      ),
    ],
  });
  return { ...issued, kid: await certificateKid(issued.der) };
}
