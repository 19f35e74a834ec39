/** The trust gateway: onboarding, signed uploads, trust lists, agreements, the log, bundles. */

export * from './agreements.js';
export * from './app.js';
export * from './bundles.js';
export * from './config.js';
export * from './documents.js';
export * from './dscs.js';
export * from './interop.js';
export * from './ledger.js';
export * from './participant-record.js';
export * from './participants.js';
export * from './revocations.js';
export * from './service.js';
export * from './signed-request.js';
export * from './transparency.js';
export * from './trust-list.js';
