import { type CborLimits, DEFAULT_CBOR_LIMITS } from './cbor/decode.js';
import type { CryptoProvider } from './crypto/provider.js';
import type { Lang } from './report/finding.js';
import type { Destination, RuleValueSets } from './rules/apply.js';
import type { BusinessRule } from './rules/types.js';
import type { TrustSource } from './trust/trust-list.js';
import { DEFAULT_INFLATE_LIMIT } from './zlib/inflate.js';

/** Input limits; each has a default fitted to the largest real QR code. */
export interface VerifyLimits {
  /** Longest QR text accepted (a version-40 QR holds 4,296 alphanumeric characters). */
  maxInputLength: number;
  /** Largest decompressed COSE message. */
  maxInflatedSize: number;
  cbor: CborLimits;
}

export const DEFAULT_VERIFY_LIMITS: VerifyLimits = {
  maxInputLength: 8192,
  maxInflatedSize: DEFAULT_INFLATE_LIMIT,
  cbor: DEFAULT_CBOR_LIMITS,
};

/** Everything `verify()` needs besides the code itself. */
export interface VerifyContext {
  /** Trusted signing keys (a DSC list or a trust bundle). */
  trust: TrustSource;
  /** The verification instant. Core never reads the clock. */
  at: Date;
  /** Language of the findings' messages (default English). */
  lang?: Lang;
  /** Cryptography; WebCrypto when omitted. */
  crypto?: CryptoProvider;
  limits?: Partial<VerifyLimits>;
  /**
   * Where the traveller is going. With `rules`, the destination's business rules are applied
   * to the decoded payload after the cryptographic checks (`report.rules`, step `rules`).
   */
  destination?: Destination;
  /** The rule set available (e.g. from a trust bundle); the applicable rules are selected. */
  rules?: readonly BusinessRule[];
  /**
   * The verifier's own country. With a trust source that carries recognition agreements (a
   * trust bundle), a foreign DSC is accepted only under an active agreement in which this
   * country accepts the certificate type from the DSC's country (`NO_RECOGNITION_AGREEMENT`).
   */
  verifier?: string;
  /** CertLogic `external.valueSets`: EU value-set documents or a map id → codes. */
  valueSets?: RuleValueSets;
}
