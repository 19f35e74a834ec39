import type { Finding, Lang } from './finding.js';

/** The three EU DCC certificate types. */
export type CertificateType = 'vaccination' | 'test' | 'recovery';

/** The pipeline steps a report records; names follow the layers of the HC1 format. */
export type StepName =
  | 'prefix'
  | 'base45'
  | 'compression'
  | 'cbor'
  | 'cose'
  | 'cwt'
  | 'schema'
  | 'trust'
  | 'signature'
  | 'validity'
  | 'key-usage'
  | 'rules';

export type StepOutcome = 'passed' | 'failed' | 'skipped';

/** The person a credential is about, as printed on it. */
export interface Holder {
  familyName?: string;
  givenName?: string;
  /** ICAO 9303 transliterations (`fnt`, `gnt`). */
  familyNameTransliterated?: string;
  givenNameTransliterated?: string;
  dateOfBirth?: string;
}

/** What a verified (or partly decoded) HC1 code says. */
export interface HcertCredential {
  format: 'hcert';
  type?: CertificateType;
  /** CWT `iss`: ISO 3166-1 alpha-2 issuing country. */
  issuer?: string;
  /** ISO-8601 UTC instants from the CWT claims. */
  issuedAt?: string;
  expiresAt?: string;
  /** Base64 key identifier from the COSE header. */
  kid?: string;
  alg?: string;
  holder?: Holder;
  /** The `eu_dcc_v1` payload exactly as decoded. */
  dcc?: unknown;
  /** Schema version (`ver`) the payload claims. */
  schemaVersion?: string;
}

/** The signing certificate (DSC) that verified the signature. */
export interface SignerInfo {
  kid: string;
  country?: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  /** Types the DSC may sign; `undefined` when it carries no DCC key usage (any type). */
  keyUsage?: CertificateType[];
}

/**
 * The answer `verify()` gives: never thrown, always complete. `status` is `valid` exactly
 * when no finding has severity `error`.
 */
export interface Report {
  status: 'valid' | 'invalid';
  /** The verification instant (ISO-8601). */
  at: string;
  lang: Lang;
  credential?: HcertCredential;
  signer?: SignerInfo;
  findings: Finding[];
  steps: Partial<Record<StepName, StepOutcome>>;
}
