/** An EU DCC business rule document, as exchanged through the gateway (field names as is). */

/** `Acceptance` rules come from the destination; `Invalidation` rules from the issuer. */
export type RuleType = 'Acceptance' | 'Invalidation';

/** `General` rules apply to every certificate type. */
export type RuleCertificateType = 'General' | 'Vaccination' | 'Test' | 'Recovery';

/** One localised description of a rule. */
export interface RuleDescription {
  /** ISO 639-1 language code. */
  lang: string;
  desc: string;
}

/** A validated business rule. */
export interface BusinessRule {
  /** `GR|VR|TR|RR|IR-<CC>-<NNNN>`, e.g. `VR-EU-0001`. */
  Identifier: string;
  Type: RuleType;
  /** ISO 3166-1 alpha-2 country the rule belongs to. */
  Country: string;
  /** Optional region within the country. */
  Region?: string;
  /** Semantic version of the rule; the newest valid version of an Identifier wins. */
  Version: string;
  SchemaVersion: string;
  /** Always `CERTLOGIC`. */
  Engine: string;
  EngineVersion: string;
  CertificateType: RuleCertificateType;
  Description: RuleDescription[];
  /** ISO-8601 date-time with offset: the rule applies from this instant (inclusive). */
  ValidFrom: string;
  /** ISO-8601 date-time with offset: the rule applies until this instant (exclusive). */
  ValidTo: string;
  /** The payload fields (without `payload.`) the logic reads. */
  AffectedFields: string[];
  /** The CertLogic expression; evaluated against `{ payload, external }`. */
  Logic: unknown;
}

/**
 * The `external` part of the rule data context. EU fields plus one Corridor extension:
 * `validationDayStart`, the start of the validation day in the destination's time zone
 * (used by rules that count days by calendar date; see `examples/README.md`).
 */
export interface RuleExternal {
  /** The validation clock, ISO-8601 with offset. */
  validationClock?: string;
  /** Value set id → the codes it contains. */
  valueSets?: Record<string, string[]>;
  /** Destination country. */
  countryCode?: string;
  region?: string;
  /** Issuer country of the certificate. */
  issuerCountryCode?: string;
  /** CWT expiry and issuing time (ISO-8601). */
  exp?: string;
  iat?: string;
  kid?: string;
  /** Corridor extension: local midnight of the validation day, e.g. `2021-05-04T00:00:00+09:00`. */
  validationDayStart?: string;
  [key: string]: unknown;
}
