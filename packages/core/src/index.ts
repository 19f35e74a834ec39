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
export { decodeCbor, DEFAULT_CBOR_LIMITS, type CborLimits } from './cbor/decode.js';
export { encodeCbor } from './cbor/encode.js';
export { Tagged } from './cbor/tagged.js';
export { readCoseSign1, sigStructure, type CoseSign1 } from './cose/sign1.js';
export { defaultCrypto, webCryptoProvider, type CoseAlg, type CryptoProvider } from './crypto/provider.js';
export * from './dcc/index.js';
export { readHcertClaims, type HcertClaims } from './hcert/cwt.js';
export { unprefix, HC1_PREFIX } from './hcert/unprefix.js';
export { issueHcert, type HcertSigner, type IssueOptions } from './issue.js';
export { FINDINGS, localizeFinding, makeFinding, type FindingCode } from './report/catalog.js';
export { LANGS, type Finding, type Lang, type Layer, type Severity } from './report/finding.js';
export type { CertificateType, HcertCredential, Holder, Report, SignerInfo, StepName } from './report/report.js';
export { DscTrustList, type DscInput, type TrustedKey, type TrustSource } from './trust/trust-list.js';
export { verify, verifyCose, DEFAULT_VERIFY_LIMITS, type VerifyContext, type VerifyLimits } from './verify.js';
export { readDsc, CertificateError, type DscCertificate } from './x509/dsc.js';
export { DEFAULT_INFLATE_LIMIT, inflateCapped } from './zlib/inflate.js';
export { deflate } from './zlib/deflate.js';
export { qrSvg, qrPng, qrMatrix } from './qr/draw.js';
export { createQrReader, readQrText, type QrReader } from './qr/read.js';
