import type { EntryPass } from '../pass/claims.js';
import type { ShcRecord } from '../shc/read-bundle.js';
import type { Finding, Lang } from './finding.js';

/** The three EU DCC certificate types. */
export type CertificateType = 'vaccination' | 'test' | 'recovery';

/**
 * The pipeline steps a report records; names follow the layers of the HC1 format, plus the
 * layers other formats add (`numeric`: SMART Health Card digits; `jws`: a compact JWS).
 */
export type StepName =
  | 'prefix'
  | 'numeric'
  | 'base45'
  | 'compression'
  | 'cbor'
  | 'cose'
  | 'cwt'
  | 'jws'
  | 'schema'
  | 'trust'
  | 'signature'
  | 'validity'
  | 'key-usage'
  | 'revocation'
  | 'recognition'
  | 'rules'
  | 'base32'
  | 'json'
  | 'lane';

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
  /** Set when the payload is a WHO DDCC core data set (read into `dcc`) instead of an EU DCC. */
  profile?: 'DDCC:VS' | 'DDCC:TR';
}

/**
 * What a verified (or partly decoded) entry pass says (`CP1:` codes, `verifyEntryPass`).
 * `type` and `dcc` are never set: they are declared so code reading `report.credential.dcc`
 * works on either format.
 */
export interface EntryPassCredential {
  format: 'entry-pass';
  type?: undefined;
  dcc?: undefined;
  /** ISO 3166-1 alpha-2 country whose authority issued the pass. */
  issuer?: string;
  /** ISO-8601 UTC instants: `iat`, and the entry window `nbf` (notBefore) to `exp`. */
  issuedAt?: string;
  notBefore?: string;
  expiresAt?: string;
  kid?: string;
  alg?: string;
  holder?: Holder;
  /** The pass itself (lane, direction, category, port, sponsor, binding...), as decoded. */
  pass?: EntryPass;
  /** The pass's own claims, as decoded (the CBOR map under claim -70013). */
  claims?: unknown;
}

/**
 * What a verified (or partly decoded) NZ COVID Pass says. A `PublicCovidPass` states that the
 * holder met New Zealand's pass requirements, without vaccine, dose or date details, so it is
 * deliberately not typed `vaccination` and carries no `dcc` (see docs/formats/nzcp.md).
 */
export interface NzcpCredential {
  format: 'nzcp';
  type?: undefined;
  dcc?: undefined;
  /** The pass type from `vc.type` (`PublicCovidPass`). */
  passType?: string;
  /** The country configured for the trusted issuer, else the issuer DID. */
  issuer?: string;
  /** CWT `iss`: the issuer's DID (`did:web:…`). */
  issuerId?: string;
  /** `nbf` and `exp` as ISO-8601 UTC instants. */
  issuedAt?: string;
  expiresAt?: string;
  /** The `cti` claim as `urn:uuid:…` (the VC's `jti`). */
  jti?: string;
  kid?: string;
  alg?: string;
  holder?: Holder;
  /** The CWT claims mapped to their JWT names, as decoded. */
  payload?: unknown;
}

/** What a verified (or partly decoded) ICAO VDS-NC seal says. */
export interface VdsNcCredential {
  format: 'vds-nc';
  type?: CertificateType;
  /** ISO 3166-1 alpha-2 of `hdr.is` (the seal carries ICAO alpha-3). */
  issuer?: string;
  /** `hdr.is` as written on the seal (alpha-3). */
  issuerId?: string;
  /** The seal type `hdr.t` (`icao.vacc`, `icao.test`). */
  sealType?: string;
  /** A test seal's report time `dat.ri` (ISO-8601 UTC); seals carry no expiry. */
  issuedAt?: string;
  expiresAt?: string;
  kid?: string;
  alg?: string;
  holder?: Holder;
  /** EU-DCC-shaped view of the seal for policies and rules (docs/formats/vds-nc.md). */
  dcc?: unknown;
  /** The seal's `data` as decoded. */
  payload?: unknown;
}

/**
 * What a verified (or partly decoded) SMART Health Card says. `dcc` is Corridor's EU-DCC-shaped
 * view of the FHIR bundle (see `docs/formats/shc.md`), so policies and CertLogic rules read it
 * as they read an HC1 payload; `payload` is the JWS payload (the JWT claims) as decoded.
 */
export interface ShcCredential {
  format: 'shc';
  type?: CertificateType;
  /** The issuer's country when the trust configuration names one, else the `iss` URL. */
  issuer?: string;
  /** The JWS payload `iss`: the issuer's URL. */
  issuerId?: string;
  /** ISO-8601 UTC instants from `nbf` and `exp`. */
  issuedAt?: string;
  expiresAt?: string;
  /** The JWS header `kid`: the RFC 7638 thumbprint of the issuer's key. */
  kid?: string;
  alg?: string;
  holder?: Holder;
  dcc?: unknown;
  payload?: unknown;
  /** The card's immunizations and laboratory results as stated (codes, dates, lot, performer). */
  records?: ShcRecord[];
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
export type Credential =
  | HcertCredential
  | EntryPassCredential
  | NzcpCredential
  | VdsNcCredential
  | ShcCredential
  | DivocCredential;

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
