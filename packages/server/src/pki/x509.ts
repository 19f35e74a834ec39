import './reflect-metadata.js';
import * as x509 from '@peculiar/x509';

/**
 * `@peculiar/x509`, configured once for the whole server: WebCrypto (`globalThis.crypto`) is
 * its provider. Every PKI module imports the library from here, never directly, so the
 * provider and the Reflect polyfill are always in place first.
 */
x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
