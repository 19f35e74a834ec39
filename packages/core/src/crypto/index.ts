// The public surface of `@corridor/core/crypto`: what other packages use.

export type { CoseAlg, CryptoProvider, SignatureAlg } from './provider.js';
export { defaultCrypto } from './provider.js';
