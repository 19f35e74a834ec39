import { type CryptoProvider, defaultCrypto, type SignatureAlg } from '../crypto/provider.js';
import { concatBytes, fromBase64, fromHex, utf8Decode } from '../lib/bytes.js';
import { decodeBase58 } from './base58.js';
import { type ContextSource, contextSource } from './canonicalize.js';
import { BUNDLED_CONTEXTS } from './contexts/index.js';

/** One published DIVOC signing key, as an issuer's key document or configuration lists it. */
export interface DivocKeyInput {
  /**
   * The `proof.verificationMethod` it verifies (DIVOC deployments use short ids such as
   * `did:india`, so the id alone does not say whose key it is).
   */
  verificationMethod: string;
  /**
   * The credential `issuer` this key may sign for (e.g. `https://cowin.gov.in/`). When set, a
   * credential from another issuer is not verified with it, even under the same method id.
   */
  issuer?: string;
  /** ISO 3166-1 alpha-2 country of the issuer, reported as the credential's `issuer`. */
  country?: string;
  /** SubjectPublicKeyInfo PEM (RSA for RsaSignature2018, Ed25519 for Ed25519Signature2018). */
  publicKeyPem?: string;
  /** Raw Ed25519 public key in Base58, as DIVOC's Ed25519 key documents publish it. */
  publicKeyBase58?: string;
}

/**
 * A verification-method document as DIVOC deployments publish their keys (jsonld-signatures'
 * key format): `id` is the verification method, `controller` the issuer it belongs to.
 */
export interface DivocKeyDocument {
  id: string;
  type?: string;
  controller?: string;
  publicKeyPem?: string;
  publicKeyBase58?: string;
}

/** What `DivocTrust.create` reads: keys, and contexts beyond the bundled ones. */
export interface DivocTrustInput {
  /** Keys as configuration entries or as published key documents (JSON objects or text). */
  keys: readonly (DivocKeyInput | DivocKeyDocument | string)[];
  /**
   * Further JSON-LD contexts by URL (another deployment's vaccination context), as parsed
   * JSON or JSON text/bytes. A URL Corridor bundles may be given only with the same document.
   */
  contexts?: Readonly<Record<string, unknown>>;
}

/** A key ready for verification: imported once, bound to its method, issuer and algorithm. */
export interface DivocTrustedKey {
  verificationMethod: string;
  issuer?: string;
  country?: string;
  alg: Extract<SignatureAlg, 'PS256' | 'EdDSA'>;
  /** The crypto provider's key handle. */
  key: unknown;
}

/** Trust material that cannot be read: a configuration error, thrown when trust is loaded. */
export class DivocTrustError extends Error {
  override readonly name = 'DivocTrustError';
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow. */
const ED25519_SPKI_PREFIX = fromHex('302a300506032b6570032100');

/**
 * The trust a DIVOC verifier starts from: signing keys resolved by verification method AND
 * issuer, and the JSON-LD contexts it may use (bundled ones plus configured ones, never
 * fetched). Built from plain JSON/bytes so it can come from a signed trust bundle as well as
 * from files.
 *
 * @example
 * const trust = await DivocTrust.create({
 *   keys: [{ verificationMethod: 'did:india', issuer: 'https://cowin.gov.in/', country: 'IN', publicKeyPem }],
 * });
 * const report = await verifyDivoc(zipBytes, { trust, at: new Date() });
 */
export class DivocTrust {
  private constructor(
    readonly keys: readonly DivocTrustedKey[],
    /** Every context this trust serves, by URL, with its processed-context cache. */
    readonly contexts: ContextSource,
  ) {}

  /**
   * Imports each key (PEM SPKI, RSA or Ed25519; or Base58 Ed25519) and merges the extra
   * contexts with the bundled ones. Throws {@link DivocTrustError} for a key that cannot be
   * read or used, or a context that is not a JSON object or contradicts a bundled one.
   */
  static async create(
    input: DivocTrustInput,
    options: { crypto?: CryptoProvider } = {},
  ): Promise<DivocTrust> {
    const crypto = options.crypto ?? defaultCrypto();
    const keys: DivocTrustedKey[] = [];
    for (const [i, raw] of input.keys.entries()) {
      const entry = keyEntry(raw, i);
      if (typeof entry.verificationMethod !== 'string' || entry.verificationMethod === '') {
        throw new DivocTrustError(`key ${i}: verificationMethod is required`);
      }
      const imported = await importKey(entry, crypto, i);
      const key: DivocTrustedKey = { verificationMethod: entry.verificationMethod, ...imported };
      if (entry.issuer !== undefined) key.issuer = entry.issuer;
      if (entry.country !== undefined) {
        if (!/^[A-Z]{2}$/.test(entry.country)) {
          throw new DivocTrustError(`key ${i}: country must be ISO 3166-1 alpha-2`);
        }
        key.country = entry.country;
      }
      keys.push(key);
    }
    const documents = new Map<string, unknown>(BUNDLED_CONTEXTS);
    for (const [url, raw] of Object.entries(input.contexts ?? {})) {
      const doc = readContext(url, raw);
      const bundled = BUNDLED_CONTEXTS.get(url);
      if (bundled !== undefined) {
        if (!sameJson(bundled, doc)) {
          throw new DivocTrustError(`context ${url} differs from the one Corridor bundles`);
        }
        continue;
      }
      documents.set(url, doc);
    }
    return new DivocTrust(keys, contextSource(documents));
  }

  /**
   * The keys that may verify a proof by `verificationMethod` on a credential from `issuer`:
   * same method id, and either no issuer restriction or the same issuer.
   */
  candidates(verificationMethod: string, issuer: string | undefined): DivocTrustedKey[] {
    return this.keys.filter(
      (k) =>
        k.verificationMethod === verificationMethod &&
        (k.issuer === undefined || k.issuer === issuer),
    );
  }
}

/** A configuration entry as is; a key document (object or JSON text) mapped onto one. */
function keyEntry(raw: DivocKeyInput | DivocKeyDocument | string, index: number): DivocKeyInput {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new DivocTrustError(`key ${index}: not a JSON key document`);
    }
  }
  if (typeof value !== 'object' || value === null) {
    throw new DivocTrustError(`key ${index}: not a key entry`);
  }
  const v = value as Partial<DivocKeyInput & DivocKeyDocument>;
  if (v.verificationMethod !== undefined || v.id === undefined) return v as DivocKeyInput;
  const entry: DivocKeyInput = { verificationMethod: v.id };
  if (typeof v.controller === 'string') entry.issuer = v.controller;
  if (v.publicKeyPem !== undefined) entry.publicKeyPem = v.publicKeyPem;
  if (v.publicKeyBase58 !== undefined) entry.publicKeyBase58 = v.publicKeyBase58;
  return entry;
}

async function importKey(
  entry: DivocKeyInput,
  crypto: CryptoProvider,
  index: number,
): Promise<{ alg: 'PS256' | 'EdDSA'; key: unknown }> {
  if (entry.publicKeyBase58 !== undefined) {
    let raw: Uint8Array;
    try {
      raw = decodeBase58(entry.publicKeyBase58.trim());
    } catch (error) {
      throw new DivocTrustError(`key ${index}: ${(error as Error).message}`);
    }
    if (raw.length !== 32) throw new DivocTrustError(`key ${index}: an Ed25519 key is 32 bytes`);
    const key = await crypto.importPublicKey(concatBytes(ED25519_SPKI_PREFIX, raw), 'EdDSA');
    if (key === undefined) throw new DivocTrustError(`key ${index}: Ed25519 is not available`);
    return { alg: 'EdDSA', key };
  }
  if (entry.publicKeyPem === undefined) {
    throw new DivocTrustError(`key ${index}: publicKeyPem or publicKeyBase58 is required`);
  }
  const spki = readPem(entry.publicKeyPem, index);
  // The SPKI says which algorithm it is for; trying RSA-PSS first, then Ed25519, asks the
  // provider rather than parsing the algorithm identifier twice.
  const rsa = await crypto.importPublicKey(spki, 'PS256');
  if (rsa !== undefined) return { alg: 'PS256', key: rsa };
  const ed = await crypto.importPublicKey(spki, 'EdDSA');
  if (ed !== undefined) return { alg: 'EdDSA', key: ed };
  throw new DivocTrustError(`key ${index}: the key is neither RSA nor Ed25519`);
}

function readPem(pem: string, index: number): Uint8Array {
  const match = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(pem);
  if (!match) throw new DivocTrustError(`key ${index}: no "BEGIN PUBLIC KEY" PEM block`);
  try {
    return fromBase64(match[1]!);
  } catch {
    throw new DivocTrustError(`key ${index}: the PEM block is not base64`);
  }
}

function readContext(url: string, raw: unknown): unknown {
  let doc = raw;
  try {
    if (raw instanceof Uint8Array) doc = JSON.parse(utf8Decode(raw));
    else if (typeof raw === 'string') doc = JSON.parse(raw);
  } catch {
    throw new DivocTrustError(`context ${url} is not JSON`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !('@context' in doc)) {
    throw new DivocTrustError(`context ${url} is not a JSON-LD context document`);
  }
  return doc;
}

/** Structural JSON equality (key order ignored). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) &&
      sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
