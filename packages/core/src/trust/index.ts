// The public surface of `@corridor/core/trust`: what other packages use.

export type {
  AgreementAction,
  AgreementStatus,
  AgreementTransitionCode,
  RecognitionAgreement,
} from './agreement.js';
export {
  AGREEMENT_ACTIONS,
  countersignAgreement,
  nextAgreementStatus,
  readCountersignedAgreement,
  signAgreement,
} from './agreement.js';
export type { AcceptedBundle, BundleCode, TrustBundle, TrustBundleContent } from './bundle.js';
export { loadTrustBundle, signTrustBundle } from './bundle.js';
export { formatMaterialMap } from './format-encode.js';
export type { BundleFormatTrust, FormatTrustMaterial, TrustFormat } from './format-material.js';
export { readFormatMaterial, TRUST_FORMATS } from './format-material.js';
export { checkFormatTrust } from './format-trust.js';
export type { FormatTrust, TrustedKey, TrustSource } from './trust-list.js';
export { DscTrustList } from './trust-list.js';
