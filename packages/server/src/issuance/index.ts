/** The national node's issuance: issue, revoke and serve health certificates. */

export * from '../http/problem.js';
export * from './accounts.js';
export * from './app.js';
export * from './bench.js';
export * from './certificates.js';
export * from './config.js';
export { euValueSets } from './eu-valuesets.js';
export * from './group-commit.js';
export * from './request.js';
export * from './revocation.js';
export * from './service.js';
export * from './signers.js';
export * from './uci.js';
