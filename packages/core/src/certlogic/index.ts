/** CertLogic: the EU DCC business-rule expression language (specification 1.3.2). */
export { dataAccesses } from './data-accesses.js';
export { parseCertLogicDateTime, parseDccDateOfBirth, plusTime } from './datetime.js';
export {
  accessPath,
  type CertLogicEvaluation,
  type CertLogicEvaluationCode,
  DEFAULT_EVALUATION_OPTIONS,
  type EvaluationOptions,
  evaluateCertLogic,
  extractFromUvci,
} from './evaluate.js';
export { CERTLOGIC_FINDINGS, type CertLogicFindingCode, certLogicFinding } from './findings.js';
export {
  CERTLOGIC_OPERATORS,
  CertLogicDateTime,
  type CertLogicExpression,
  type CertLogicOperator,
  type CertLogicValue,
  isFalsy,
  isTruthy,
  TIME_UNITS,
  type TimeUnit,
} from './types.js';
export {
  type CertLogicIssue,
  DEFAULT_VALIDATION_LIMITS,
  type ValidationLimits,
  validateCertLogic,
} from './validate.js';
