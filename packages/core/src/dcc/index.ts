/** EU DCC payload checks: schema validation, certificate type, value sets and their names. */
export { type CertificateType, certificateType, firstDccEntry } from './certificate-type.js';
export { checkValueSets, type UnknownCode } from './check-valuesets.js';
export { displayName } from './display-name.js';
export { DCC_FINDINGS } from './findings.js';
export { isSchemaDate, isSchemaDateTime } from './formats.js';
export { type DccIssue, MAX_DCC_ISSUES, validateDcc } from './validate.js';
export { BUILTIN_VALUE_SET_NAMES, builtinValueSets, type LocalizedName } from './valueset-names.js';
export {
  canonicalValueSetId,
  type EuValueSet,
  type EuValueSetEntry,
  MAX_VALUE_SET_CODES,
  parseEuValueSet,
  VALUE_SET_IDS,
} from './valuesets.js';
