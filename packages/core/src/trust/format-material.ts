/**
 * The trust material of the credential formats besides HC1, as a participant uploads it to the
 * gateway and as the signed trust bundle carries it: one entry per published object (an SHC
 * issuer's JWK set with its revocation lists, an NZCP issuer's DID document, a VDS-NC CSCA with
 * its CRLs, a DIVOC signing key), bound to the participant's country. This file only reads
 * the shapes (bounded, no crypto); writing them is `format-encode.ts`, checking and building
 * the trust objects `format-trust.ts`. A verifier loads this file and that one only when a bundle
 * carries such entries.
 */

/** The formats whose trust a participant uploads, as the gateway and the bundle name them. */
export const TRUST_FORMATS = ['shc', 'nzcp', 'vds-nc', 'divoc'] as const;
export type TrustFormat = (typeof TRUST_FORMATS)[number];

/** One published trust object, in the form the gateway stores and the bundle carries. */
export type FormatTrustMaterial =
  | {
      format: 'shc';
      /** The issuer URL exactly as cards carry it (https, no trailing `/`). */
      iss: string;
      /** The JWK set published at `<iss>/.well-known/jwks.json`, as JSON text. */
      jwks: string;
      /** Revocation lists published at `<iss>/.well-known/crl/<kid>.json`, as JSON text. */
      crls: string[];
    }
  | {
      format: 'nzcp';
      /** The issuer's DID document (did:web), as JSON text. */
      didDocument: string;
    }
  | {
      format: 'vds-nc';
      /** The Country Signing CA certificate, DER. */
      csca: Uint8Array;
      /** Its CRLs, DER. */
      crls: Uint8Array[];
    }
  | {
      format: 'divoc';
      /** The `proof.verificationMethod` the key verifies. */
      verificationMethod: string;
      /** The credential `issuer` it may sign for; unrestricted when absent. */
      issuer?: string;
      /** SubjectPublicKeyInfo PEM (RSA or Ed25519). */
      publicKeyPem?: string;
      /** Raw Ed25519 key in Base58. */
      publicKeyBase58?: string;
    };

/** One format-trust entry of a bundle: whose it is and what it is. */
export interface BundleFormatTrust {
  /** The participant (ISO 3166-1 alpha-2) that uploaded it; its issuers are reported as this. */
  country: string;
  material: FormatTrustMaterial;
}

/** Largest JSON document (JWK set, DID document, SHC revocation list) in one entry. */
export const MAX_FORMAT_JSON_CHARS = 128 * 1024;
/** Largest certificate or CRL in one entry. */
export const MAX_FORMAT_DER_BYTES = 64 * 1024;
/** Most revocation lists in one entry. */
export const MAX_FORMAT_CRLS = 16;
/** Longest identifier (issuer URL, verification method, PEM key). */
const MAX_ID_CHARS = 2048;
const MAX_KEY_CHARS = 16 * 1024;

const isText = (x: unknown, max: number): x is string =>
  typeof x === 'string' && x.length > 0 && x.length <= max;
const isDer = (x: unknown): x is Uint8Array =>
  x instanceof Uint8Array && x.length > 0 && x.length <= MAX_FORMAT_DER_BYTES;

/**
 * Reads one entry's material from its CBOR map (snake_case keys, as in a gateway request body
 * or a bundle): `format` and the fields of that format, every size bounded. Returns the reason
 * as text when the shape is wrong; never throws.
 */
export function readFormatMaterial(value: unknown): FormatTrustMaterial | string {
  if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Map)
    return 'not a map';
  const v = value as Record<string, unknown>;
  const list = <T>(x: unknown, ok: (e: unknown) => e is T, what: string): T[] | string => {
    if (x === undefined) return [];
    if (!Array.isArray(x) || x.length > MAX_FORMAT_CRLS)
      return `${what} must be a list of at most ${MAX_FORMAT_CRLS}`;
    return x.every(ok) ? (x as T[]) : `${what} holds an entry that is empty or too large`;
  };
  switch (v.format) {
    case 'shc': {
      if (!isText(v.iss, MAX_ID_CHARS)) return 'iss must be the issuer URL';
      if (!isText(v.jwks, MAX_FORMAT_JSON_CHARS)) return 'jwks must be the JWK set as JSON text';
      const crls = list(v.crls, (e): e is string => isText(e, MAX_FORMAT_JSON_CHARS), 'crls');
      if (typeof crls === 'string') return crls;
      return { format: 'shc', iss: v.iss, jwks: v.jwks, crls };
    }
    case 'nzcp':
      if (!isText(v.did_document, MAX_FORMAT_JSON_CHARS))
        return 'did_document must be the DID document as JSON text';
      return { format: 'nzcp', didDocument: v.did_document };
    case 'vds-nc': {
      if (!isDer(v.csca)) return 'csca must be the CSCA certificate as DER bytes';
      const crls = list(v.crls, isDer, 'crls');
      if (typeof crls === 'string') return crls;
      return { format: 'vds-nc', csca: v.csca, crls };
    }
    case 'divoc': {
      // `|` separates the parts of a DIVOC subject (`format-trust.ts`).
      if (!isText(v.verification_method, MAX_ID_CHARS) || v.verification_method.includes('|'))
        return 'verification_method must be the proof.verificationMethod the key verifies';
      const out: FormatTrustMaterial = {
        format: 'divoc',
        verificationMethod: v.verification_method,
      };
      if (v.issuer !== undefined) {
        if (!isText(v.issuer, MAX_ID_CHARS) || v.issuer.includes('|'))
          return 'issuer must be the credential issuer';
        out.issuer = v.issuer;
      }
      if (v.public_key_pem !== undefined) {
        if (!isText(v.public_key_pem, MAX_KEY_CHARS)) return 'public_key_pem must be PEM text';
        out.publicKeyPem = v.public_key_pem;
      }
      if (v.public_key_base58 !== undefined) {
        if (!isText(v.public_key_base58, MAX_ID_CHARS)) return 'public_key_base58 must be text';
        out.publicKeyBase58 = v.public_key_base58;
      }
      if ((out.publicKeyPem === undefined) === (out.publicKeyBase58 === undefined))
        return 'exactly one of public_key_pem and public_key_base58 is needed';
      return out;
    }
    default:
      return `format must be one of ${TRUST_FORMATS.join(', ')}`;
  }
}

/**
 * Reads the bundle's `format_trust` field; `undefined` when it is not a list or an entry's shape
 * is wrong (the gateway never signs such an entry, so the whole bundle is malformed).
 */
export function parseBundleFormatTrust(value: unknown): BundleFormatTrust[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const entries: BundleFormatTrust[] = [];
  for (const raw of value as Record<string, unknown>[]) {
    const country = raw?.country;
    const material = readFormatMaterial(raw?.material);
    if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) return undefined;
    if (typeof material === 'string') return undefined;
    entries.push({ country, material });
  }
  return entries;
}
