import { dataAccesses } from '../certlogic/data-accesses.js';
import { parseCertLogicDateTime } from '../certlogic/datetime.js';
import { type ValidationLimits, validateCertLogic } from '../certlogic/validate.js';
import type { Finding, Lang } from '../report/finding.js';
import { rulesFinding } from './findings.js';
import type { BusinessRule, RuleCertificateType, RuleType } from './types.js';

/** Options of {@link validateRule}. */
export interface RuleValidationOptions {
  /** Language of the findings (default `en`). */
  lang?: Lang;
  /** Limits for the rule's CertLogic expression (see `validateCertLogic`). */
  limits?: ValidationLimits;
  /**
   * The upload instant, to apply the gateway's upload-time checks (see {@link validateRule}).
   * Leave it out to check a stored or historic rule, whose ValidFrom is naturally in the past.
   */
  uploadAt?: Date;
}

/** The outcome of {@link validateRule}: the rule when it is valid, and every finding. */
export interface RuleValidation {
  rule?: BusinessRule;
  findings: Finding[];
}

const HOUR = 3_600_000;
const IDENTIFIER = /^(GR|VR|TR|RR|IR)-([A-Z]{2})-(\d{4})$/;
const COUNTRY = /^[A-Z]{2}$/;
const REGION = /^[A-Z0-9]{1,5}$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const LANG = /^[a-z]{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const TYPES: readonly RuleType[] = ['Acceptance', 'Invalidation'];
const CERT_TYPES: readonly RuleCertificateType[] = ['General', 'Vaccination', 'Test', 'Recovery'];
const PREFIX_TYPE: Record<string, RuleCertificateType> = {
  GR: 'General',
  VR: 'Vaccination',
  TR: 'Test',
  RR: 'Recovery',
};
const KNOWN_FIELDS = new Set([
  'Identifier',
  'Type',
  'Country',
  'Region',
  'Version',
  'SchemaVersion',
  'Engine',
  'EngineVersion',
  'CertificateType',
  'Description',
  'ValidFrom',
  'ValidTo',
  'AffectedFields',
  'Logic',
]);

/** Compares two semantic versions `a.b.c` numerically: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Instants already read, by their text: every rule selection reads each rule's ValidFrom and
 * ValidTo, the same few strings for every traveller, and the regular expressions cost more
 * than the rest of a selection. A pure function of the text, so the memo cannot go stale;
 * bounded, and long texts are not kept.
 */
const knownInstants = new Map<string, number | undefined>();
const MAX_KNOWN_INSTANTS = 2048;

/** Milliseconds since the epoch of an ISO-8601 instant with offset, or `undefined`. */
export function parseInstant(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  if (knownInstants.has(text)) return knownInstants.get(text);
  const ms = INSTANT.test(text) ? parseCertLogicDateTime(text)?.epochMs : undefined;
  if (text.length <= 64 && knownInstants.size < MAX_KNOWN_INSTANTS) knownInstants.set(text, ms);
  return ms;
}

/**
 * Validates an EU business rule document (parsed JSON). Checks, each giving a coded finding:
 * - presence and format of every field (RULE_INVALID): Identifier `GR|VR|TR|RR|IR-CC-NNNN`
 *   whose country part equals Country and whose prefix matches CertificateType (`IR` ⇔ Type
 *   `Invalidation`), Type, Country (2 capitals), optional Region (1–5 capitals/digits),
 *   Version/SchemaVersion/EngineVersion (semver; SchemaVersion major 1), Engine `CERTLOGIC`,
 *   CertificateType, Description (non-empty, `{lang, desc}` items, one in English), unknown keys;
 * - engine support (RULE_ENGINE_UNSUPPORTED): EngineVersion major 0 or 1;
 * - the Logic (RULE_LOGIC_INVALID) with `validateCertLogic` and its limits;
 * - AffectedFields (RULE_AFFECTED_FIELDS_MISMATCH): exactly the `payload.*` paths the logic reads;
 * - time constraints (RULE_VALIDITY_INVALID): ValidFrom and ValidTo are ISO-8601 instants with
 *   an offset, and ValidTo is at least 72 hours after ValidFrom (the gateway's rule). With
 *   `uploadAt`, also the gateway's upload-time checks: ValidFrom not before the upload,
 *   not more than 2 weeks after it, and for Acceptance rules at least 48 hours after it.
 */
export function validateRule(input: unknown, options: RuleValidationOptions = {}): RuleValidation {
  const lang = options.lang ?? 'en';
  const findings: Finding[] = [];
  const doc = (
    typeof input === 'object' && input !== null && !Array.isArray(input) ? input : undefined
  ) as Record<string, unknown> | undefined;
  const identifier = typeof doc?.Identifier === 'string' ? doc.Identifier : '(unnamed)';
  const bad = (field: string, reason: string) =>
    findings.push(rulesFinding('RULE_INVALID', lang, { identifier, field, reason }, field));
  if (!doc) {
    bad('(document)', 'must be a JSON object');
    return { findings };
  }

  for (const key of Object.keys(doc)) {
    if (!KNOWN_FIELDS.has(key)) bad(key, 'is not a rule field');
  }
  const str = (field: string): string | undefined => {
    const value = doc[field];
    if (value === undefined || value === null) {
      bad(field, 'is missing');
      return undefined;
    }
    if (typeof value !== 'string') {
      bad(field, 'must be a string');
      return undefined;
    }
    return value;
  };

  const id = str('Identifier');
  const type = str('Type');
  const country = str('Country');
  const version = str('Version');
  const schemaVersion = str('SchemaVersion');
  const engine = str('Engine');
  const engineVersion = str('EngineVersion');
  const certType = str('CertificateType');
  const validFrom = str('ValidFrom');
  const validTo = str('ValidTo');

  if (type !== undefined && !TYPES.includes(type as RuleType))
    bad('Type', 'must be Acceptance or Invalidation');
  if (country !== undefined && !COUNTRY.test(country))
    bad('Country', 'must be two capital letters');
  if (doc.Region !== undefined && (typeof doc.Region !== 'string' || !REGION.test(doc.Region))) {
    bad('Region', 'must be 1 to 5 capital letters or digits');
  }
  if (certType !== undefined && !CERT_TYPES.includes(certType as RuleCertificateType)) {
    bad('CertificateType', 'must be General, Vaccination, Test or Recovery');
  }
  if (id !== undefined) {
    const m = IDENTIFIER.exec(id);
    if (!m) bad('Identifier', 'must look like VR-CC-0001 (prefix GR, VR, TR, RR or IR)');
    else {
      if (country !== undefined && m[2] !== country)
        bad('Identifier', `names country ${m[2]}, not ${country}`);
      const prefix = m[1] as string;
      if ((prefix === 'IR') !== (type === 'Invalidation') && type !== undefined) {
        bad('Identifier', 'must start with IR exactly when Type is Invalidation');
      }
      const expected = PREFIX_TYPE[prefix];
      if (expected && certType !== undefined && expected !== certType) {
        bad('Identifier', `prefix ${prefix} does not match CertificateType ${certType}`);
      }
    }
  }
  for (const [field, value] of [
    ['Version', version],
    ['SchemaVersion', schemaVersion],
    ['EngineVersion', engineVersion],
  ] as const) {
    if (value !== undefined && !SEMVER.test(value))
      bad(field, 'must be a semantic version like 1.0.0');
  }
  if (
    schemaVersion !== undefined &&
    SEMVER.test(schemaVersion) &&
    !schemaVersion.startsWith('1.')
  ) {
    bad('SchemaVersion', 'must have major version 1');
  }
  if (engine !== undefined && engine !== 'CERTLOGIC') {
    findings.push(
      rulesFinding('RULE_ENGINE_UNSUPPORTED', lang, {
        identifier,
        engine,
        version: engineVersion ?? '',
      }),
    );
  } else if (
    engineVersion !== undefined &&
    SEMVER.test(engineVersion) &&
    Number(engineVersion.split('.')[0]) > 1
  ) {
    findings.push(
      rulesFinding('RULE_ENGINE_UNSUPPORTED', lang, {
        identifier,
        engine: 'CERTLOGIC',
        version: engineVersion,
      }),
    );
  }

  // Description
  const description = doc.Description;
  if (!Array.isArray(description) || description.length === 0) {
    bad('Description', 'must be a non-empty array of { lang, desc }');
  } else {
    const ok = description.every(
      (d) =>
        typeof d === 'object' &&
        d !== null &&
        typeof (d as { lang?: unknown }).lang === 'string' &&
        LANG.test((d as { lang: string }).lang) &&
        typeof (d as { desc?: unknown }).desc === 'string' &&
        (d as { desc: string }).desc.trim() !== '',
    );
    if (!ok)
      bad('Description', 'items must be { lang: two lower-case letters, desc: non-empty text }');
    else if (!description.some((d) => (d as { lang: string }).lang === 'en')) {
      bad('Description', 'must include an English (en) description');
    }
  }

  // Validity period
  const validity = (reason: string) =>
    findings.push(rulesFinding('RULE_VALIDITY_INVALID', lang, { identifier, reason }));
  const from = parseInstant(validFrom);
  const to = parseInstant(validTo);
  if (validFrom !== undefined && from === undefined)
    validity('ValidFrom is not an ISO-8601 date-time with offset');
  if (validTo !== undefined && to === undefined)
    validity('ValidTo is not an ISO-8601 date-time with offset');
  if (from !== undefined && to !== undefined) {
    if (to <= from) validity('ValidTo must be after ValidFrom');
    else if (to - from < 72 * HOUR) validity('ValidTo must be at least 72 hours after ValidFrom');
    if (options.uploadAt) {
      const now = options.uploadAt.getTime();
      if (from < now) validity('ValidFrom must not be before the upload');
      else if (type === 'Acceptance' && from < now + 48 * HOUR) {
        validity('ValidFrom of an Acceptance rule must be at least 48 hours after the upload');
      }
      if (from > now + 14 * 24 * HOUR)
        validity('ValidFrom must not be more than 2 weeks after the upload');
    }
  }

  // Logic and AffectedFields
  let logicValid = false;
  if (!('Logic' in doc)) bad('Logic', 'is missing');
  else {
    const issues = validateCertLogic(doc.Logic, options.limits);
    for (const issue of issues.slice(0, 20)) {
      findings.push(
        rulesFinding('RULE_LOGIC_INVALID', lang, { identifier, reason: issue.message }, 'Logic'),
      );
    }
    logicValid = issues.length === 0;
  }
  const affected = doc.AffectedFields;
  if (!Array.isArray(affected) || !affected.every((f) => typeof f === 'string' && f !== '')) {
    bad('AffectedFields', 'must be an array of field paths');
  } else if (logicValid) {
    const read = new Set(
      dataAccesses(doc.Logic)
        .filter((p) => p.startsWith('payload.'))
        .map((p) => p.slice('payload.'.length)),
    );
    const listed = new Set(affected as string[]);
    const missing = [...read].filter((f) => !listed.has(f));
    const extra = [...listed].filter((f) => !read.has(f));
    if (missing.length > 0 || extra.length > 0) {
      findings.push(
        rulesFinding('RULE_AFFECTED_FIELDS_MISMATCH', lang, {
          identifier,
          missing: missing.join(', ') || '-',
          extra: extra.join(', ') || '-',
        }),
      );
    }
  }

  if (findings.some((f) => f.severity === 'error')) return { findings };
  return { rule: doc as unknown as BusinessRule, findings };
}
