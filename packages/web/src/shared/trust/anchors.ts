import type { CoseVerificationKey } from '@corridor/core/cose';
import { defaultCrypto } from '@corridor/core/crypto';
import { fromBase64 } from '@corridor/core/lib';
import { readDsc } from '@corridor/core/x509';

/** DER prefix of the `id-ecPublicKey` algorithm identifier inside a SubjectPublicKeyInfo. */
const EC_PUBLIC_KEY_OID = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];

function contains(haystack: Uint8Array, needle: readonly number[]): boolean {
  outer: for (let i = 0; i + needle.length <= Math.min(haystack.length, 64); i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Turns the configured gateway anchors (PEM `PUBLIC KEY`, as `corridor start` writes
 * `anchor.pem`, or a PEM `CERTIFICATE`) into the verification keys `loadTrustBundle` checks a
 * bundle with. The `kid` is the first 8 bytes of the SHA-256 of the key, as the gateway signs.
 * An anchor that cannot be read is left out; none at all means the app cannot trust a bundle.
 */
export async function readAnchors(pems: readonly string[]): Promise<CoseVerificationKey[]> {
  const crypto = defaultCrypto();
  const keys: CoseVerificationKey[] = [];
  for (const pem of pems) {
    const match = /-----BEGIN ([A-Z ]+)-----([\s\S]+?)-----END \1-----/.exec(pem);
    if (!match) continue;
    try {
      const der = fromBase64(match[2]!.replace(/\s+/g, ''));
      let spki: Uint8Array;
      let alg: 'ES256' | 'PS256';
      if (match[1] === 'CERTIFICATE') {
        const certificate = readDsc(der);
        if (!certificate.keyAlg) continue;
        spki = certificate.spki;
        alg = certificate.keyAlg;
      } else if (match[1] === 'PUBLIC KEY') {
        spki = der;
        alg = contains(der, EC_PUBLIC_KEY_OID) ? 'ES256' : 'PS256';
      } else continue;
      const key = await crypto.importPublicKey(spki, alg);
      if (key === undefined) continue;
      keys.push({ kid: (await crypto.sha256(spki)).subarray(0, 8), alg, key });
    } catch {
      // An unreadable anchor is a configuration error shown as "not configured" by the caller.
    }
  }
  return keys;
}
