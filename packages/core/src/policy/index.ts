/** Entry policies: combinations of requirements over several presented credentials. */
export {
  credentialKind,
  evaluatePolicy,
  type PolicyDecision,
  type PolicyExplanation,
  type PolicyOptions,
  PreparedPolicy,
  preparePolicy,
} from './evaluate.js';
export { POLICY_FINDINGS, type PolicyFindingCode } from './findings.js';
export { describeRequirement } from './messages.js';
export { MAX_POLICY_DEPTH, MAX_POLICY_NODES, parsePolicy } from './parse.js';
export {
  type AllOf,
  type AnyOf,
  CREDENTIAL_KINDS,
  type CredentialKind,
  type Policy,
  type PolicyNode,
  type PolicyText,
  type Requirement,
} from './types.js';
