/**
 * SMART Health Card issuer keys as JWKs (spec "Determining keys associated with an issuer"):
 * reading one, its RFC 7638 thumbprint (which the spec makes the `kid`), and its
 * SubjectPublicKeyInfo for the crypto provider. Pure and isomorphic.
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { concatBytes, fromBase64Url, fromHex, toBase64Url, utf8Encode } from '../lib/bytes.js';
import { fail, ok, type Result } from '../lib/result.js';

/** An issuer's public signing key, as read from its JWK. */
export interface ShcJwk {
  /** The `kid` the JWK is published under (not yet checked against the thumbprint). */
  kid: string;
  /** The base64url coordinates exactly as published (the thumbprint hashes these strings). */
  x: string;
  y: string;
  /** DER SubjectPublicKeyInfo of the P-256 point. */
  spki: Uint8Array;
  /** `crlVersion` when the key has a revocation list; `null` when the member is not a positive integer. */
  crlVersion?: number | null;
  /** `x5c`: base64 DER certificates, leaf first, when present and an array of strings. */
  x5c?: string[];
}

/** SubjectPublicKeyInfo header for an uncompressed P-256 point (id-ecPublicKey, prime256v1). */
const P256_SPKI_PREFIX = fromHex('3059301306072a8648ce3d020106082a8648ce3d030107034200');

/**
 * Reads one JWK of an issuer's key set. The spec's requirements are checked: `kty` EC, `crv`
 * P-256, 32-byte `x` and `y`, no private part `d`, `alg` ES256 and `use` sig when given (the
 * spec says they SHALL be, and a key published for other uses is not a card-signing key).
 * Returns the reason a key cannot be used, in English (the finding around it is localised).
 *
 * @example
 * readShcJwk({ kty: 'EC', crv: 'P-256', kid: '3Kfdg-...', x: '11XvRWy1...', y: 'eZXwxvO1...' })
 */
export function readShcJwk(value: unknown): Result<ShcJwk, 'JWK'> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return fail('JWK', { reason: 'not a JSON object' });
  }
  const jwk = value as Record<string, unknown>;
  if (typeof jwk.kid !== 'string' || jwk.kid.length === 0 || jwk.kid.length > 256) {
    return fail('JWK', { reason: 'no kid' });
  }
  if (jwk.kty !== 'EC') return fail('JWK', { reason: `kty is ${show(jwk.kty)}, not "EC"` });
  if (jwk.crv !== 'P-256') return fail('JWK', { reason: `crv is ${show(jwk.crv)}, not "P-256"` });
  if ('d' in jwk) return fail('JWK', { reason: 'the key set publishes the private key (d)' });
  if (jwk.alg !== undefined && jwk.alg !== 'ES256') {
    return fail('JWK', { reason: `alg is ${show(jwk.alg)}, not "ES256"` });
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') {
    return fail('JWK', { reason: `use is ${show(jwk.use)}, not "sig"` });
  }
  const x = coordinate(jwk.x);
  const y = coordinate(jwk.y);
  if (!x || !y) return fail('JWK', { reason: 'x and y must be 32-byte base64url coordinates' });
  const key: ShcJwk = {
    kid: jwk.kid,
    x: jwk.x as string,
    y: jwk.y as string,
    spki: concatBytes(P256_SPKI_PREFIX, new Uint8Array([0x04]), x, y),
  };
  if (jwk.crlVersion !== undefined) {
    const v = jwk.crlVersion;
    key.crlVersion = typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? v : null;
  }
  if (Array.isArray(jwk.x5c) && jwk.x5c.every((c) => typeof c === 'string')) {
    key.x5c = jwk.x5c as string[];
  } else if (jwk.x5c !== undefined) {
    key.x5c = [];
  }
  return ok(key);
}

/**
 * The RFC 7638 JWK thumbprint of an EC key: base64url(SHA-256) of the required members in
 * lexicographic order, `{"crv":"P-256","kty":"EC","x":...,"y":...}`, with the coordinates as
 * published. The spec requires the `kid` to equal it.
 *
 * @example
 * await jwkThumbprint(key, defaultCrypto()) // '3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s'
 */
export async function jwkThumbprint(
  key: Pick<ShcJwk, 'x' | 'y'>,
  crypto: CryptoProvider,
): Promise<string> {
  const members = `{"crv":"P-256","kty":"EC","x":${JSON.stringify(key.x)},"y":${JSON.stringify(key.y)}}`;
  return toBase64Url(await crypto.sha256(utf8Encode(members)));
}

function coordinate(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'string' || value.length !== 43) return undefined;
  try {
    const bytes = fromBase64Url(value);
    return bytes.length === 32 ? bytes : undefined;
  } catch {
    return undefined;
  }
}

function show(value: unknown): string {
  return value === undefined ? '(none)' : (JSON.stringify(value)?.slice(0, 40) ?? String(value));
}
