/** Signing-key storage: the `KeyStore` interface and its passphrase-protected file store. */
export * from './file-key-store.js';
export * from './key-store.js';
