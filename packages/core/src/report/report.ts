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
  | 'revocation'
  | 'recognition'
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

/**
 * What a verified entry pass says. Entry passes are not a verifiable format yet; the type
 * exists so that policies (`policy/`) can already require one. `type` and `dcc` are never
 * set: they are declared so code reading `report.credential.dcc` works on either format.
 */
export interface EntryPassCredential {
  format: 'entry-pass';
  type?: undefined;
  dcc?: undefined;
  /** ISO 3166-1 alpha-2 country whose authority issued the pass. */
  issuer?: string;
  /** ISO-8601 UTC instants. */
  issuedAt?: string;
  expiresAt?: string;
  kid?: string;
  alg?: string;
  holder?: Holder;
  /** The pass's own claims, as decoded. */
  claims?: unknown;
}

/**
 * What a verified (or partly decoded) DIVOC credential says: a W3C Verifiable Credential with
 * a linked-data proof (India's CoWIN and other DIVOC deployments).
 */
export interface DivocCredential {
  format: 'divoc';
  type?: CertificateType;
  /** ISO 3166-1 alpha-2 country of the verified key (trust configuration), else `issuerId`. */
  issuer?: string;
  /** The credential's `issuer` (e.g. `https://cowin.gov.in/`). */
  issuerId?: string;
  /** `issuanceDate` / `expirationDate` as the credential writes them. */
  issuedAt?: string;
  expiresAt?: string;
  /** `proof.verificationMethod` (e.g. `did:india`). */
  kid?: string;
  /** `PS256` (RsaSignature2018) or `EdDSA` (Ed25519Signature2018). */
  alg?: string;
  holder?: Holder;
  /** EU-DCC-shaped view of the vaccination, for policies and CertLogic rules. */
  dcc?: unknown;
  /** The credential as decoded. */
  payload?: unknown;
}

/** Any credential a report can be about. */
export type Credential = HcertCredential | EntryPassCredential | DivocCredential;

/** How one destination business rule came out for the credential (see `rules/apply.ts`). */
export interface ReportRuleResult {
  /** Rule identifier, e.g. `VR-EU-0002`. */
  identifier: string;
  type: 'Acceptance' | 'Invalidation';
  /** Country the rule belongs to. */
  country: string;
  version: string;
  /** `open` when the rule could not be decided (evaluation error or non-boolean result). */
  status: 'passed' | 'failed' | 'open';
  /** The rule's description in the report's language (English when it has none there). */
  description: string;
  /** The payload fields the rule reads (without `payload.`). */
  affectedFields: string[];
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
  credential?: Credential;
  signer?: SignerInfo;
  findings: Finding[];
  steps: Partial<Record<StepName, StepOutcome>>;
  /**
   * Destination business rules applied to the credential, sorted by identifier; present only
   * when `verify()` was given a destination and rules and the payload decoded. Empty when no
   * rule applied (with a `RULES_NONE_APPLICABLE` warning).
   */
  rules?: ReportRuleResult[];
}
