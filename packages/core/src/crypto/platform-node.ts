// Node's default provider (the `node` condition of `#platform-crypto` in package.json).
export { nodeCryptoProvider as platformCrypto } from './node.js';
