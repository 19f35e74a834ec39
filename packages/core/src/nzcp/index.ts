/** NZ COVID Pass (`NZCP:/1/…`): verification and the trust it needs. */
export { decodeBase32, encodeBase32 } from './base32.js';
export { PUBLIC_COVID_PASS } from './claims.js';
export { NZCP_FINDINGS, type NzcpFindingCode } from './findings.js';
export {
  NZCP_EXAMPLE_ISSUER,
  NZCP_PRODUCTION_ISSUER,
  type NzcpKey,
  NzcpTrust,
  NzcpTrustError,
  type NzcpTrustedIssuer,
  type NzcpTrustInput,
} from './trust.js';
export {
  DEFAULT_NZCP_LIMITS,
  NZCP_PREFIX,
  type NzcpLimits,
  type NzcpVerifyOptions,
  verifyNzcp,
} from './verify.js';
