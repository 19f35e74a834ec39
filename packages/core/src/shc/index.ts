/** SMART Health Cards: `shc:/` QR codes, compact JWS, issuer trust, revocation, FHIR bundles. */
export {
  assembleShcQr,
  MAX_CHUNK_JWS,
  MAX_SINGLE_QR_JWS,
  type ShcAssembly,
  type ShcProblem,
} from './assemble.js';
export { isRevokedRid, readShcCrl, type ShcCrl, type ShcCrlMethod } from './crl.js';
export { decodeShcPayload } from './decode-payload.js';
export { encodeShcQr } from './encode-qr.js';
export { SHC_FINDINGS, type ShcFindingCode } from './findings.js';
export { jwkThumbprint, readShcJwk, type ShcJwk } from './jwk.js';
export { type ShcManifestEntry, verifyShcManifestEntry } from './manifest-entry.js';
export { parseShcJws, type ShcJws } from './parse-jws.js';
export {
  icaoTransliteration,
  readShcBundle,
  type ShcBundleReading,
  type ShcCoding,
  type ShcRecord,
} from './read-bundle.js';
export { HEALTH_CARD_TYPE, readShcClaims, type ShcClaims } from './read-claims.js';
export { readShcQr, SHC_QR_PREFIX, type ShcQrChunk } from './read-qr.js';
export {
  type PublishedJson,
  type ShcIssuer,
  type ShcIssuerConfig,
  type ShcIssuerKey,
  ShcTrust,
  type ShcTrustOptions,
  type ShcTrustProblem,
} from './trust.js';
export { type ShcTrustFile, shcIssuersFromLayout } from './trust-layout.js';
export {
  DEFAULT_SHC_LIMITS,
  hashFhirRid,
  type ShcVerifyLimits,
  type ShcVerifyOptions,
  verifyShc,
} from './verify.js';
