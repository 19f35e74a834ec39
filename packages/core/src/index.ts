/**
 * @corridor/core: Corridor's formats and verification, pure and isomorphic.
 *
 * @example
 * import { DscTrustList, verify } from '@corridor/core';
 * const trust = await DscTrustList.create([dscPem]);
 * const report = await verify(qrText, { trust, at: new Date() });
 */
export { decodeBase45 } from './base45/decode.js';
export { encodeBase45 } from './base45/encode.js';
export { type CborLimits, DEFAULT_CBOR_LIMITS, decodeCbor } from './cbor/decode.js';
export { encodeCbor } from './cbor/encode.js';
export { Tagged } from './cbor/tagged.js';
export * from './certlogic/index.js';
export { type CoseSigner, signCoseSign1 } from './cose/sign.js';
export { type CoseSign1, readCoseSign1, sigStructure } from './cose/sign1.js';
export { type CoseVerificationKey, verifyCoseSign1 } from './cose/verify.js';
export {
  type CoseAlg,
  type CryptoProvider,
  defaultCrypto,
  type SignatureAlg,
  webCryptoProvider,
} from './crypto/provider.js';
export * from './dcc/index.js';
export * from './ddcc/index.js';
export * from './divoc/index.js';
export { type HcertClaims, readHcertClaims } from './hcert/cwt.js';
export { HC1_PREFIX, unprefix } from './hcert/unprefix.js';
export * from './interop/index.js';
export { type HcertSigner, type IssueOptions, issueHcert } from './issue.js';
export * from './lanes/breaker/index.js';
export * from './lanes/index.js';
export * from './lanes/indicators/index.js';
export * from './mrz/index.js';
export * from './nzcp/index.js';
export * from './pass/index.js';
export * from './policy/index.js';
export { qrMatrix, qrPng, qrSvg } from './qr/draw.js';
export { createQrReader, type QrReader, readQrText } from './qr/read.js';
export { type FindingCode, localizeFinding, makeFinding } from './report/catalog.js';
export { type Finding, LANGS, type Lang, type Layer, type Severity } from './report/finding.js';
export type {
  CertificateType,
  Credential,
  DivocCredential,
  EntryPassCredential,
  HcertCredential,
  Holder,
  Report,
  ShcCredential,
  SignerInfo,
  StepName,
} from './report/report.js';
export { FINDINGS } from './report/tables.js';
export * from './rules/index.js';
export * from './shc/index.js';
export * from './transparency/index.js';
export {
  AGREEMENT_ACTIONS,
  type AgreementAction,
  type AgreementTransitionCode,
  agreementCovers,
  countersignAgreement,
  nextAgreementStatus,
  type RecognitionAgreement,
  readCountersignedAgreement,
  signAgreement,
} from './trust/agreement.js';
export {
  type AcceptedBundle,
  loadTrustBundle,
  signTrustBundle,
  TrustBundle,
  type TrustBundleContent,
} from './trust/bundle.js';
// Types only: the reader is loaded lazily by the bundle (see trust/format-material.ts).
export type {
  BundleFormatTrust,
  FormatTrustMaterial,
  TrustFormat,
} from './trust/format-material.js';
export {
  type DscInput,
  DscTrustList,
  type FormatTrust,
  type TrustedKey,
  type TrustSource,
} from './trust/trust-list.js';
export * from './vds-nc/index.js';
export {
  type CredentialFormat,
  DEFAULT_VERIFY_LIMITS,
  detectFormat,
  type VerifyContext,
  type VerifyLimits,
  verify,
  verifyCose,
} from './verify.js';
export { CertificateError, type DscCertificate, readDsc } from './x509/dsc.js';
export { deflate } from './zlib/deflate.js';
export { DEFAULT_INFLATE_LIMIT, inflateCapped } from './zlib/inflate.js';
