import { SHC_QR_PREFIX } from './read-qr.js';

/**
 * The `shc:/` QR text for a compact JWS (or one chunk of it, with `chunk` = its 1-based index
 * and the chunk count: the deprecated multi-QR form). The inverse of `readShcQr`, for issuing
 * and for tests. Throws `TypeError` on a character a compact JWS cannot hold.
 *
 * @example
 * encodeShcQr('eyJ6') // 'shc:/56762909'
 */
export function encodeShcQr(jws: string, chunk?: { index: number; total: number }): string {
  let out = SHC_QR_PREFIX;
  if (chunk) out += `${chunk.index}/${chunk.total}/`;
  for (let i = 0; i < jws.length; i++) {
    const c = jws.charCodeAt(i);
    if (!/[-.0-9A-Z_a-z]/.test(jws[i]!)) throw new TypeError(`not a JWS character at ${i}`);
    out += String(c - 45).padStart(2, '0');
  }
  return out;
}
