/**
 * The optional X.509 side of a SMART Health Card issuer key (spec "Certificates"): the `x5c`
 * chain in a JWK, whose leaf must hold the JWK's own key, whose leaf's Subject Alternative
 * Name URI names the issuer, and which (when a verifier uses a PKI trust framework) chains to
 * one of its anchors.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, id_ce_subjectAltName, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { jwkMismatch, publicKeyParts } from '../interop/jwk.js';
import { bytesEqual } from '../lib/bytes.js';
import { isoMillis } from '../lib/iso-time.js';
import { isSignedBy } from '../x509/chain.js';
import { CertificateError, type DscCertificate, readDsc } from '../x509/dsc.js';

/** Longest chain read from one `x5c`. */
export const MAX_X5C_CERTIFICATES = 8;

/** What a key's `x5c` says, read once when the trust is built. */
export interface ShcX5c {
  /** The certificates, leaf first (empty when unreadable). */
  certificates: DscCertificate[];
  /** The leaf's Subject Alternative Name URIs. */
  uris: string[];
  /** Why the chain cannot be read at all, when it cannot. */
  unreadable?: string;
  /** `true` when the leaf's public key is not the JWK's. */
  keyMismatch: boolean;
}

/**
 * Reads an `x5c` array (base64 DER, leaf first) and compares the leaf's key with the JWK's
 * `x`/`y`. Never throws: an unreadable chain is described in `unreadable`.
 */
export function readShcX5c(x5c: readonly string[], jwk: { x: string; y: string }): ShcX5c {
  const info: ShcX5c = { certificates: [], uris: [], keyMismatch: false };
  if (x5c.length === 0) return { ...info, unreadable: 'x5c is empty or not an array of strings' };
  if (x5c.length > MAX_X5C_CERTIFICATES) {
    return { ...info, unreadable: `x5c has more than ${MAX_X5C_CERTIFICATES} certificates` };
  }
  try {
    info.certificates = x5c.map((text) => readDsc(text));
  } catch (error) {
    if (!(error instanceof CertificateError)) throw error;
    return {
      ...info,
      certificates: [],
      unreadable: `a certificate cannot be read (${error.message})`,
    };
  }
  const leaf = info.certificates[0]!;
  const parts = publicKeyParts(leaf);
  info.keyMismatch =
    !parts || jwkMismatch({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, parts) !== undefined;
  info.uris = subjectAltUris(leaf.der);
  return info;
}

/**
 * Why the chain does not hold at `at` for issuer `iss`, or `undefined` when it does (apart
 * from anchoring, which {@link x5cAnchorProblem} checks once): every certificate within its
 * validity, and the leaf's SAN naming `iss` as a URI.
 */
export function x5cProblemAt(x5c: ShcX5c, iss: string, at: Date): string | undefined {
  if (x5c.unreadable) return x5c.unreadable;
  for (const [i, cert] of x5c.certificates.entries()) {
    const which = i === 0 ? 'the leaf certificate' : `certificate ${i + 1} of the chain`;
    if (at < cert.notBefore) return `${which} is valid only from ${iso(cert.notBefore)}`;
    if (at > cert.notAfter) return `${which} expired on ${iso(cert.notAfter)}`;
  }
  if (!x5c.uris.includes(iss)) {
    return `the leaf certificate's subject alternative name does not name ${iss}`;
  }
  return undefined;
}

/**
 * Why the chain does not reach one of `anchors`, or `undefined` when it does: each
 * certificate signed by the next, and the last one an anchor or signed by one.
 */
export async function x5cAnchorProblem(
  x5c: ShcX5c,
  anchors: readonly DscCertificate[],
): Promise<string | undefined> {
  if (x5c.unreadable) return x5c.unreadable;
  const chain = x5c.certificates;
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!(await isSignedBy(chain[i]!.der, chain[i + 1]!.der))) {
      return `certificate ${i + 1} of the chain is not signed by certificate ${i + 2}`;
    }
  }
  const last = chain[chain.length - 1]!;
  for (const anchor of anchors) {
    if (bytesEqual(anchor.der, last.der) || (await isSignedBy(last.der, anchor.der)))
      return undefined;
  }
  return 'the chain does not lead to a trusted anchor';
}

function subjectAltUris(der: Uint8Array): string[] {
  try {
    const cert = AsnConvert.parse(der, Certificate);
    const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_subjectAltName);
    if (!ext) return [];
    const names = AsnConvert.parse(ext.extnValue.buffer, SubjectAlternativeName);
    return names.flatMap((n) => (n.uniformResourceIdentifier ? [n.uniformResourceIdentifier] : []));
  } catch {
    return [];
  }
}

function iso(date: Date): string {
  return isoMillis(date.getTime(), true);
}
