import type { EuValueSet } from '../dcc/valuesets.js';
import type { Finding, Lang } from '../report/finding.js';
import type { HcertCredential, ReportRuleResult, StepOutcome } from '../report/report.js';
import { buildExternal, evaluateRules } from './evaluate.js';
import { rulesFinding } from './findings.js';
import { type RuleSelection, selectRules } from './select.js';
import type { BusinessRule } from './types.js';

/** Where the traveller is going: the country (and region) whose entry rules apply. */
export interface Destination {
  /** ISO 3166-1 alpha-2 (or `EU` for the EU template rules); case-insensitive. */
  country: string;
  /** Region within the country; regional rules apply only when it is named. */
  region?: string;
  /**
   * The destination's UTC offset in minutes, for rules that count calendar days
   * (`external.validationDayStart`). Defaults to {@link DESTINATION_UTC_OFFSETS} for the
   * country; without either, `validationDayStart` is left out and such rules stay open.
   */
  utcOffsetMinutes?: number;
}

/**
 * Value sets for CertLogic's `external.valueSets`, in either of two shapes:
 * - the EU value-set documents (`EuValueSet[]`, as `parseEuValueSet` reads them): each set
 *   contributes `valueSetId → Object.keys(valueSetValues)` (inactive codes included, as the
 *   EU verifier apps do);
 * - a plain map `valueSetId → codes`, like the EU business-rule test data's `valueSets.json`.
 */
export type RuleValueSets = readonly EuValueSet[] | Readonly<Record<string, readonly string[]>>;

/** UTC offsets (minutes) of destinations with a single time zone that Corridor knows about. */
export const DESTINATION_UTC_OFFSETS: Readonly<Record<string, number>> = {
  KR: 540,
  CN: 480,
};

/** Everything {@link applyRules} needs besides the credential. */
export interface ApplyRulesOptions {
  destination: Destination;
  /** The rule set available (any countries, versions and validity periods). */
  rules: readonly BusinessRule[];
  valueSets?: RuleValueSets;
  /** The validation clock. */
  at: Date;
  /** Language of descriptions and findings. */
  lang: Lang;
}

/** What applying the destination's rules to one credential gave. */
export interface AppliedRules {
  /** `passed` when every selected rule passed, `failed` when any failed or is open, `skipped` when none applied. */
  step: StepOutcome;
  results: ReportRuleResult[];
  /** `RULE_FAILED` / `RULE_OPEN` per rule, or one `RULES_NONE_APPLICABLE` warning. */
  findings: Finding[];
}

const valueSetMaps = new WeakMap<object, Record<string, string[]>>();

/** `external.valueSets` from either accepted shape; converted once per value-set object. */
export function valueSetCodes(valueSets: RuleValueSets | undefined): Record<string, string[]> {
  if (!valueSets) return {};
  let map = valueSetMaps.get(valueSets);
  if (map) return map;
  if (Array.isArray(valueSets)) {
    map = {};
    for (const set of valueSets as readonly EuValueSet[]) {
      map[set.valueSetId] = Object.keys(set.valueSetValues);
    }
  } else {
    map = valueSets as Record<string, string[]>;
  }
  valueSetMaps.set(valueSets, map);
  return map;
}

/** Selections already made, per (immutable) rule set: a flight's travellers share them. */
const selections = new WeakMap<readonly BusinessRule[], Map<string, readonly BusinessRule[]>>();
const MAX_SELECTIONS = 256;

/**
 * {@link selectRules}, remembered per rule-set object and selection (country, region, type,
 * issuer and instant): every traveller of a flight is checked against the same departure.
 */
function selectedRules(
  rules: readonly BusinessRule[],
  selection: RuleSelection,
): readonly BusinessRule[] {
  let known = selections.get(rules);
  if (!known) {
    known = new Map();
    selections.set(rules, known);
  }
  const key = `${rules.length}|${selection.country}|${selection.region ?? ''}|${selection.certificateType ?? ''}|${selection.issuerCountry ?? ''}|${selection.at.getTime()}`;
  let selected = known.get(key);
  if (!selected) {
    selected = Object.freeze(selectRules(rules, selection));
    if (known.size >= MAX_SELECTIONS) known.clear();
    known.set(key, selected);
  }
  return selected;
}

/**
 * Applies a destination's business rules to a decoded HC1 credential: selects the rules of
 * the destination country/region valid at `at` for the certificate's type (plus the issuer
 * country's Invalidation rules, see `selectRules`), evaluates them against the payload with
 * `external` made by `buildExternal`, and returns per-rule results and findings. Pure; never
 * throws on bad payloads (a rule that cannot be decided is `open`).
 */
export function applyRules(credential: HcertCredential, options: ApplyRulesOptions): AppliedRules {
  const { destination, at, lang } = options;
  const country = destination.country.toUpperCase();
  const selected = selectedRules(options.rules, {
    country,
    ...(destination.region !== undefined ? { region: destination.region } : {}),
    at,
    ...(credential.type ? { certificateType: credential.type } : {}),
    ...(credential.issuer ? { issuerCountry: credential.issuer } : {}),
  });
  if (selected.length === 0) {
    const where = destination.region ? `${country}-${destination.region}` : country;
    return {
      step: 'skipped',
      results: [],
      findings: [
        rulesFinding('RULES_NONE_APPLICABLE', lang, { country: where, at: at.toISOString() }),
      ],
    };
  }
  const utcOffsetMinutes = destination.utcOffsetMinutes ?? DESTINATION_UTC_OFFSETS[country];
  const external = buildExternal({
    at,
    countryCode: country,
    ...(destination.region !== undefined ? { region: destination.region } : {}),
    valueSets: valueSetCodes(options.valueSets),
    ...(credential.issuer !== undefined ? { issuerCountryCode: credential.issuer } : {}),
    ...(credential.expiresAt !== undefined ? { exp: credential.expiresAt } : {}),
    ...(credential.issuedAt !== undefined ? { iat: credential.issuedAt } : {}),
    ...(credential.kid !== undefined ? { kid: credential.kid } : {}),
    ...(utcOffsetMinutes !== undefined ? { utcOffsetMinutes } : {}),
  });
  const evaluated = evaluateRules(selected, { payload: credential.dcc, external }, { lang });
  const findings: Finding[] = [];
  const results = evaluated.map((r): ReportRuleResult => {
    if (r.finding) findings.push(r.finding);
    return {
      identifier: r.identifier,
      type: r.type,
      country: r.country,
      version: r.version,
      status: r.status,
      description: r.description[lang],
      affectedFields: r.affectedFields,
    };
  });
  return { step: findings.length === 0 ? 'passed' : 'failed', results, findings };
}
