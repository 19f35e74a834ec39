/** DIVOC verifiable credentials (India's CoWIN and other DIVOC deployments). */
export { type CanonicalizeCode, type ContextSource, canonicalizeJsonLd } from './canonicalize.js';
export { BUNDLED_CONTEXTS } from './contexts/index.js';
export { DIVOC_FINDINGS, type DivocFindingCode } from './findings.js';
export { divocTrustForEntry } from './manifest-entry.js';
export { readDivocCredential } from './normalize.js';
export { type DivocProof, readProof } from './proof.js';
export { type DivocSignedData, divocSignedData } from './signed-data.js';
export {
  type DivocKeyInput,
  DivocTrust,
  DivocTrustError,
  type DivocTrustedKey,
  type DivocTrustInput,
} from './trust.js';
export {
  DEFAULT_DIVOC_LIMITS,
  type DivocLimits,
  type DivocVerifyOptions,
  verifyDivoc,
} from './verify.js';
export { isZip, readDivocZip } from './zip.js';
