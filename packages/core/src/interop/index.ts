/**
 * Trust-list interoperability: the EU DCC gateway trust list and verifier DSC list, and the WHO
 * GDHCN DID trust list, converted to and from Corridor's neutral {@link TrustListEntry}.
 * See `docs/interop.md`.
 */

export { bundleTrustListEntries } from './bundle-entries.js';
export {
  DID_TRUST_LIST_CONTEXT,
  type DidCodedValue,
  type DidExportOptions,
  type DidImportOptions,
  type DidPublicKeyJwk,
  type DidTrustListDocument,
  type DidTrustListImport,
  type DidVerificationMethod,
  parseDidTrustList,
  toDidTrustList,
} from './did-trust-list.js';
export {
  DEFAULT_INTEROP_LIMITS,
  type InteropLimits,
  type InteropProblem,
  TRUST_LIST_KINDS,
  type TrustListEntry,
  type TrustListImport,
  type TrustListKind,
} from './entry.js';
export {
  type EuDscList,
  type EuImportOptions,
  type EuTrustListItem,
  parseEuDscList,
  parseEuTrustList,
  toEuDscList,
  toEuTrustList,
} from './eu-trust-list.js';
export { INTEROP_FINDINGS, type InteropCode } from './findings.js';
export { jwkMembers, jwkMismatch, type PublicKeyParts, publicKeyParts } from './jwk.js';
