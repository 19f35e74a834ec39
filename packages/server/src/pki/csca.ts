import { generateSigningKeyPair, type SigningAlg, type SigningKeyPair } from './algorithms.js';
import {
  addYears,
  assertCountry,
  assertPeriod,
  type IssuedCertificate,
  type PrivateKeyUsage,
  signCertificate,
  subjectName,
  type Validity,
} from './certificate.js';
import { PkiError } from './errors.js';
import { x509 } from './x509.js';

/** CSCA certificate lifetime (DCC certificate governance §3.2): 4 years. */
export const CSCA_VALIDITY_YEARS = 4;
/** CSCA private-key usage: 1 year, then a new CSCA signs new DSCs. */
export const CSCA_KEY_USAGE_YEARS = 1;

/** Parameters of {@link createCsca}. */
export interface CreateCscaOptions {
  /** ISO 3166-1 alpha-2, written as `C` in the DN. */
  country: string;
  commonName: string;
  organization?: string;
  /** `ES256` (P-256, the default) or `PS256` (RSA-PSS 3072). Ignored when `keys` is given. */
  alg?: SigningAlg;
  /** The CSCA key pair (e.g. from a key store); generated when omitted. */
  keys?: SigningKeyPair;
  /** The instant the certificate is made; the default start of its validity. */
  now: Date;
  /** Default: `now` to `now` + {@link CSCA_VALIDITY_YEARS} years. */
  validity?: Validity;
  /** Default: validity start to start + {@link CSCA_KEY_USAGE_YEARS} year. */
  privateKeyUsage?: PrivateKeyUsage;
}

/**
 * Creates a Country Signing CA: a self-signed certificate with `C=<country>` in its DN,
 * basicConstraints cA (critical, path length 0: it certifies DSCs only), keyUsage
 * keyCertSign + cRLSign (critical), a subject key identifier, and a PrivateKeyUsagePeriod
 * limiting when it may sign DSCs.
 *
 * @example
 * const csca = await createCsca({ country: 'KR', commonName: 'Corridor CSCA KR', now });
 */
export async function createCsca(options: CreateCscaOptions): Promise<IssuedCertificate> {
  assertCountry(options.country);
  const keys = options.keys ?? (await generateSigningKeyPair(options.alg ?? 'ES256'));
  if (options.keys && options.alg && options.keys.alg !== options.alg) {
    throw new PkiError('PKI_KEY_UNSUPPORTED', `the key is ${options.keys.alg}, not ${options.alg}`);
  }
  const notBefore = options.validity?.notBefore ?? options.now;
  const notAfter = options.validity?.notAfter ?? addYears(notBefore, CSCA_VALIDITY_YEARS);
  assertPeriod('the CSCA validity', notBefore, notAfter);
  const usageStart = options.privateKeyUsage?.notBefore ?? notBefore;
  const usageEnd =
    options.privateKeyUsage?.notAfter ??
    minDate(addYears(usageStart, CSCA_KEY_USAGE_YEARS), notAfter);
  assertPeriod('the CSCA private-key usage period', usageStart, usageEnd);
  return signCertificate({
    subject: subjectName(options.country, options.commonName, options.organization),
    subjectKeys: keys,
    signingKey: keys.privateKey,
    notBefore,
    notAfter,
    privateKeyUsage: { notBefore: usageStart, notAfter: usageEnd },
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
    ],
  });
}

/** The earlier of two instants. */
export function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}
