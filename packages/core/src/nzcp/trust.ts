import { type CryptoProvider, defaultCrypto } from '../crypto/provider.js';
import { concatBytes, fromBase64, fromHex, utf8Decode } from '../lib/bytes.js';

/**
 * The issuer the NZCP specification lists as trusted ("Trusted Issuers"): the Ministry of
 * Health's production DID. Corridor never trusts it implicitly: pass it in `trustedIssuers`.
 */
export const NZCP_PRODUCTION_ISSUER = 'did:web:nzcp.identity.health.nz';

/**
 * The issuer of the specification's worked examples, which the spec says "must be set to be a
 * trusted issuer for the purposes of testing". Its DID document is `spec/examples/valid/did.json`.
 */
export const NZCP_EXAMPLE_ISSUER = 'did:web:nzcp.covid19.health.nz';

/** A trusted issuer, optionally with the ISO 3166-1 alpha-2 country reports name for it. */
export interface NzcpTrustedIssuer {
  iss: string;
  country?: string;
}

/** The raw, published forms NZCP trust is built from. */
export interface NzcpTrustInput {
  /** The issuers' DID documents (`/.well-known/did.json`), as JSON text, bytes or parsed. */
  didDocuments: readonly (string | Uint8Array | Record<string, unknown>)[];
  /** The issuers accepted; a DID document alone confers no trust. */
  trustedIssuers: readonly (string | NzcpTrustedIssuer)[];
}

/** One verification method of a DID document, as NZCP verification needs it. */
export interface NzcpKey {
  /** Absolute key id: `<did>#<kid>`. */
  id: string;
  /** Listed under `assertionMethod` (NZCP §"DID Document" requires it). */
  assertion: boolean;
  /** The imported P-256 key, when the method is usable. */
  key?: unknown;
  /** Why the method cannot verify passes (set exactly when `key` is not). */
  problem?: string;
}

/** Trust material that cannot be read at all (operator input, so it throws). */
export class NzcpTrustError extends Error {
  readonly code = 'NZCP_TRUST_INVALID';
}

/** Largest DID document accepted (the MoH document is well under 1 KiB). */
const MAX_DID_DOCUMENT = 256 * 1024;
/** JWK members RFC 7517/7518 class as private; a published key must carry none. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
/** SubjectPublicKeyInfo DER prefix of an uncompressed P-256 point. */
const P256_SPKI_PREFIX = fromHex('3059301306072a8648ce3d020106082a8648ce3d030107034200');

/**
 * Which NZ COVID Pass issuers are trusted and their keys, built from their DID documents.
 * Keys are resolved the way NZCP §"Issuer Identifier" prescribes: `iss` + `#` + `kid` must be a
 * `verificationMethod` of type `JsonWebKey2020` with a P-256 `publicKeyJwk`, listed under
 * `assertionMethod`. Methods that break a rule are kept with the reason, so a report names it.
 *
 * @example
 * const trust = await NzcpTrust.create({
 *   didDocuments: [didJsonText],
 *   trustedIssuers: [{ iss: NZCP_PRODUCTION_ISSUER, country: 'NZ' }],
 * });
 */
export class NzcpTrust {
  private constructor(
    private readonly issuers: ReadonlyMap<string, NzcpTrustedIssuer>,
    private readonly documents: ReadonlyMap<string, ReadonlyMap<string, NzcpKey>>,
  ) {}

  /** Parses the DID documents and imports their keys; throws {@link NzcpTrustError}. */
  static async create(
    input: NzcpTrustInput,
    crypto: CryptoProvider = defaultCrypto(),
  ): Promise<NzcpTrust> {
    const issuers = new Map<string, NzcpTrustedIssuer>();
    for (const entry of input.trustedIssuers) {
      const issuer = typeof entry === 'string' ? { iss: entry } : entry;
      if (typeof issuer.iss !== 'string' || !issuer.iss.startsWith('did:web:')) {
        throw new NzcpTrustError(`trusted issuer ${String(issuer.iss)} is not a did:web DID`);
      }
      if (issuer.country !== undefined && !/^[A-Z]{2}$/.test(issuer.country)) {
        throw new NzcpTrustError(`country ${issuer.country} is not ISO 3166-1 alpha-2`);
      }
      issuers.set(issuer.iss, issuer);
    }
    const documents = new Map<string, Map<string, NzcpKey>>();
    for (const raw of input.didDocuments) {
      const doc = parseDocument(raw);
      const keys = documents.get(doc.id) ?? new Map<string, NzcpKey>();
      documents.set(doc.id, keys);
      for (const key of await readKeys(doc, crypto)) keys.set(key.id, key);
    }
    return new NzcpTrust(issuers, documents);
  }

  /** The trusted issuer `iss`, or `undefined` when it is not trusted. */
  trustedIssuer(iss: string): NzcpTrustedIssuer | undefined {
    return this.issuers.get(iss);
  }

  /** Whether a DID document for `iss` was supplied. */
  hasDocument(iss: string): boolean {
    return this.documents.has(iss);
  }

  /** The verification method `<iss>#<kid>`, usable or not; `undefined` when absent. */
  key(iss: string, kid: string): NzcpKey | undefined {
    return this.documents.get(iss)?.get(`${iss}#${kid}`);
  }
}

interface DidDocument {
  id: string;
  verificationMethod: unknown[];
  assertionMethod: unknown[];
}

function parseDocument(raw: string | Uint8Array | Record<string, unknown>): DidDocument {
  let value: unknown = raw;
  if (typeof raw === 'string' || raw instanceof Uint8Array) {
    const size = typeof raw === 'string' ? raw.length : raw.byteLength;
    if (size > MAX_DID_DOCUMENT) {
      throw new NzcpTrustError(`DID document of ${size} bytes; at most ${MAX_DID_DOCUMENT}`);
    }
    try {
      value = JSON.parse(typeof raw === 'string' ? raw : utf8Decode(raw));
    } catch (error) {
      throw new NzcpTrustError(`DID document is not JSON: ${(error as Error).message}`);
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new NzcpTrustError('DID document is not a JSON object');
  }
  const doc = value as Record<string, unknown>;
  if (typeof doc.id !== 'string' || !doc.id.startsWith('did:web:')) {
    throw new NzcpTrustError('DID document has no did:web id');
  }
  return {
    id: doc.id,
    verificationMethod: Array.isArray(doc.verificationMethod) ? doc.verificationMethod : [],
    assertionMethod: Array.isArray(doc.assertionMethod) ? doc.assertionMethod : [],
  };
}

/** Absolute form of a DID URL that may be relative to the document (`#key-1`). */
function absolute(docId: string, ref: string): string {
  return ref.startsWith('#') ? `${docId}${ref}` : ref;
}

async function readKeys(doc: DidDocument, crypto: CryptoProvider): Promise<NzcpKey[]> {
  const asserted = new Set<string>();
  const methods: Record<string, unknown>[] = [];
  for (const ref of doc.assertionMethod) {
    if (typeof ref === 'string') asserted.add(absolute(doc.id, ref));
    else if (isObject(ref) && typeof ref.id === 'string') {
      // An embedded method is both defined and authorised for assertions.
      asserted.add(absolute(doc.id, ref.id));
      methods.push(ref);
    }
  }
  for (const method of doc.verificationMethod) if (isObject(method)) methods.push(method);
  const keys: NzcpKey[] = [];
  for (const method of methods) {
    if (typeof method.id !== 'string') continue;
    const id = absolute(doc.id, method.id);
    const key: NzcpKey = { id, assertion: asserted.has(id) };
    const spki = p256Spki(method);
    if (typeof spki === 'string') key.problem = spki;
    else {
      const imported = await crypto.importPublicKey(spki, 'ES256', 'P-256');
      if (imported === undefined) key.problem = 'the JWK is not a point on P-256';
      else key.key = imported;
    }
    keys.push(key);
  }
  return keys;
}

/** The SPKI of a method's P-256 `publicKeyJwk`, or why it has none. */
function p256Spki(method: Record<string, unknown>): Uint8Array | string {
  if (method.type !== 'JsonWebKey2020') return `type ${String(method.type)}, not JsonWebKey2020`;
  const jwk = method.publicKeyJwk;
  if (!isObject(jwk)) return 'no publicKeyJwk';
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') return 'not an EC P-256 JWK';
  if (PRIVATE_MEMBERS.some((m) => m in jwk)) return 'the JWK publishes private key members';
  const x = coordinate(jwk.x);
  const y = coordinate(jwk.y);
  if (!x || !y) return 'x or y is not a 32-byte base64url coordinate';
  return concatBytes(P256_SPKI_PREFIX, new Uint8Array([4]), x, y);
}

function coordinate(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  try {
    const bytes = fromBase64(value);
    return bytes.length === 32 ? bytes : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
