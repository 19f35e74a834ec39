import type { CryptoProvider } from './provider.js';
import { webCryptoProvider } from './web.js';

/** Every runtime but Node (the `browser` and default conditions of `#platform-crypto`): WebCrypto. */
export function platformCrypto(): CryptoProvider {
  return webCryptoProvider();
}
