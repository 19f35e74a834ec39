import { zlibSync } from 'fflate';

/** zlib-compresses (RFC 1950) at the highest level, as HC1 issuers should. */
export function deflate(data: Uint8Array): Uint8Array {
  return zlibSync(data, { level: 9 });
}
