/** ICAO VDS-NC (visible digital seals for non-constrained environments): health proofs. */
export { alpha2FromAlpha3 } from '../lib/countries.js';
export {
  documentTypes,
  OID_DOCUMENT_TYPE_LIST,
  OID_EKU_VDS_NC_SIGNER,
  SEAL_DOCUMENT_TYPES,
} from './document-type.js';
export { VDS_FINDINGS, type VdsFindingCode } from './findings.js';
export { canonicalizeJson } from './jcs.js';
export { parseSealJson } from './json.js';
export {
  type VdsNcAnchor,
  VdsNcTrust,
  VdsNcTrustError,
  type VdsNcTrustInput,
} from './trust.js';
export {
  DEFAULT_VDS_NC_LIMITS,
  type VdsNcLimits,
  type VdsNcVerifyOptions,
  verifyVdsNc,
} from './verify.js';
