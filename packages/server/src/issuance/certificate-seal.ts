// Sealing the HC1 text kept for a while after issuance (QR download, print, idempotent replay):
// AES-256-GCM under the node's seal key, bound to the certificate's UCI.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Seals `text` for storage: 12-byte IV ‖ ciphertext ‖ 16-byte tag, the UCI as AAD. */
export function seal(key: Uint8Array, uci: string, text: string): Uint8Array {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(uci, 'utf8'));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()]));
}

/** Opens what {@link seal} produced for the same UCI; throws if it was altered. */
export function unseal(key: Uint8Array, uci: string, sealed: Uint8Array): string {
  const iv = sealed.subarray(0, 12);
  const tag = sealed.subarray(sealed.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(uci, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(12, sealed.length - 16)),
    decipher.final(),
  ]).toString('utf8');
}
