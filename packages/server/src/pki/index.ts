/** Country PKI on servers: CSCAs, DSCs, service certificates, chain checks, rotation. */
export * from './algorithms.js';
export * from './certificate.js';
export * from './chain.js';
export * from './csca.js';
export * from './dsc.js';
export * from './errors.js';
export * from './findings.js';
export * from './oids.js';
export * from './rotation.js';
export * from './service-certificates.js';
