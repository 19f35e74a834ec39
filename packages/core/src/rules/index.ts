/** EU DCC business rules: documents, validation, selection and evaluation. */
export {
  type AppliedRules,
  type ApplyRulesOptions,
  applyRules,
  DESTINATION_UTC_OFFSETS,
  type Destination,
  type RuleValueSets,
  valueSetCodes,
} from './apply.js';
export { type ReadRuleSet, RULE_SET_CONTENT_TYPE, readRuleSet, signRuleSet } from './document.js';
export {
  buildExternal,
  type ExternalOptions,
  evaluateRules,
  type RuleEvaluationOptions,
  type RuleInput,
  type RuleResult,
  type RuleStatus,
  ruleDescription,
  rulesVerdict,
} from './evaluate.js';
export { CN_RULES, FAST_TRACK_RULES, KR_RULES } from './examples/fast-track.js';
export {
  CN_FAST_TRACK_POLICY,
  KR_FAST_TRACK_POLICY,
  VACCINATED_OR_RECOVERED_POLICY,
} from './examples/policies.js';
export { RULES_FINDINGS, type RulesFindingCode, rulesFinding } from './findings.js';
export { type RuleSelection, selectRules } from './select.js';
export type {
  BusinessRule,
  RuleCertificateType,
  RuleDescription,
  RuleExternal,
  RuleType,
} from './types.js';
export {
  compareVersions,
  parseInstant,
  type RuleValidation,
  type RuleValidationOptions,
  validateRule,
} from './validate.js';
