import { type EvaluationOptions, evaluateCertLogic } from '../certlogic/evaluate.js';
import { certLogicFinding } from '../certlogic/findings.js';
import { isoInstant } from '../lib/iso-time.js';
import type { Finding, FindingParams, Lang } from '../report/finding.js';
import { rulesFinding } from './findings.js';
import type { BusinessRule, RuleExternal, RuleType } from './types.js';

/** The data a rule set is evaluated against: the DCC payload and the external parameters. */
export interface RuleInput {
  /** The `eu_dcc_v1` payload (the decoded HCERT claim -260/1). */
  payload: unknown;
  external: RuleExternal;
}

/** How one rule came out. */
export type RuleStatus = 'passed' | 'failed' | 'open';

/** The result of one rule, with what a verifier needs to explain it. */
export interface RuleResult {
  identifier: string;
  type: RuleType;
  country: string;
  version: string;
  status: RuleStatus;
  /** The rule's description in each report language; English where the rule has none. */
  description: Readonly<Record<Lang, string>>;
  affectedFields: string[];
  /** For `failed` and `open`: the finding to report, in `options.lang`. */
  finding?: Finding;
  /** For `open`: why evaluation gave no boolean (a CertLogic finding). */
  error?: Finding;
}

/** Options of {@link evaluateRules}. */
export interface RuleEvaluationOptions {
  /** Language of the findings (default `en`). */
  lang?: Lang;
  /** Evaluation budget per rule (see `evaluateCertLogic`). */
  budget?: EvaluationOptions;
}

/** The rule's description in `lang`, falling back to English, then to the first one given. */
export function ruleDescription(rule: BusinessRule, lang: Lang): string {
  const pick = (l: string) => rule.Description.find((d) => d.lang === l)?.desc;
  return pick(lang) ?? pick('en') ?? rule.Description[0]?.desc ?? rule.Identifier;
}

/** A rule's descriptions in every report language, made once per (immutable) rule object. */
const descriptionsOf = new WeakMap<BusinessRule, Readonly<Record<Lang, string>>>();

function descriptions(rule: BusinessRule): Readonly<Record<Lang, string>> {
  let known = descriptionsOf.get(rule);
  if (!known) {
    known = Object.freeze({
      en: ruleDescription(rule, 'en'),
      zh: ruleDescription(rule, 'zh'),
      ko: ruleDescription(rule, 'ko'),
    });
    descriptionsOf.set(rule, known);
  }
  return known;
}

/**
 * Evaluates each rule against `{ payload, external }`. A rule passes when its logic yields
 * `true`, fails on `false`, and is open when evaluation stops with an error (including a budget
 * stop) or yields anything that is not a boolean. Pure: the validation clock comes from
 * `external.validationClock`.
 */
export function evaluateRules(
  rules: readonly BusinessRule[],
  input: RuleInput,
  options: RuleEvaluationOptions = {},
): RuleResult[] {
  const lang = options.lang ?? 'en';
  const data = { payload: input.payload, external: input.external };
  return rules.map((rule): RuleResult => {
    const description = descriptions(rule);
    const evaluation = evaluateCertLogic(rule.Logic, data, options.budget);
    const result = (status: RuleStatus): RuleResult => ({
      identifier: rule.Identifier,
      type: rule.Type,
      country: rule.Country,
      version: rule.Version,
      description,
      affectedFields: [...rule.AffectedFields],
      status,
    });
    if (evaluation.ok && evaluation.value === true) return result('passed');
    const params: FindingParams = { identifier: rule.Identifier, description: description[lang] };
    if (evaluation.ok && evaluation.value === false) {
      const failed = result('failed');
      failed.finding = rulesFinding('RULE_FAILED', lang, params);
      return failed;
    }
    const error = evaluation.ok
      ? certLogicFinding('CERTLOGIC_EVALUATION_ERROR', lang, {
          reason: `the rule gave ${JSON.stringify(evaluation.value) ?? 'no value'}, not true or false`,
        })
      : certLogicFinding(evaluation.code, lang, evaluation.params);
    const open = result('open');
    open.error = error;
    open.finding = rulesFinding('RULE_OPEN', lang, { ...params, reason: error.code });
    return open;
  });
}

/** The overall verdict of a rule evaluation: `failed` if any failed, else `open` if any open. */
export function rulesVerdict(results: readonly RuleResult[]): RuleStatus {
  if (results.some((r) => r.status === 'failed')) return 'failed';
  if (results.some((r) => r.status === 'open')) return 'open';
  return 'passed';
}

/** Options of {@link buildExternal}. */
export interface ExternalOptions {
  /** The validation clock. */
  at: Date;
  /** Destination country and optional region. */
  countryCode: string;
  region?: string;
  valueSets?: Record<string, string[]>;
  issuerCountryCode?: string;
  exp?: string;
  iat?: string;
  kid?: string;
  /**
   * The destination's UTC offset in minutes (e.g. 540 for Korea, 480 for China), to fill
   * `validationDayStart`; left out when not given.
   */
  utcOffsetMinutes?: number;
}

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

/**
 * Builds the `external` context for rule evaluation from explicit inputs (core never reads the
 * clock). `validationClock` is `at` in ISO-8601 UTC; `validationDayStart` (Corridor extension)
 * is the local midnight of `at` at `utcOffsetMinutes`, written with that offset.
 */
export function buildExternal(options: ExternalOptions): RuleExternal {
  const external: RuleExternal = {
    validationClock: isoInstant(options.at),
    valueSets: options.valueSets ?? {},
    countryCode: options.countryCode,
  };
  if (options.region !== undefined) external.region = options.region;
  if (options.issuerCountryCode !== undefined)
    external.issuerCountryCode = options.issuerCountryCode;
  if (options.exp !== undefined) external.exp = options.exp;
  if (options.iat !== undefined) external.iat = options.iat;
  if (options.kid !== undefined) external.kid = options.kid;
  if (options.utcOffsetMinutes !== undefined) {
    const offset = options.utcOffsetMinutes;
    const local = new Date(options.at.getTime() + offset * 60_000);
    const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
    const sign = offset < 0 ? '-' : '+';
    external.validationDayStart = `${date}T00:00:00${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  }
  return external;
}
