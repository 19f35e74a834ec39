// Moved to core (`@corridor/core/crypto/node`), which now picks it by default on Node.
export { nodeCryptoProvider } from '@corridor/core/crypto/node';
