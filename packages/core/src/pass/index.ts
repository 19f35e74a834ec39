/** Entry passes: `CP1:` codes a destination issues to an approved traveller, bound to the passport. */
export {
  bindPassport,
  type PassportIdentity,
  passportBindingText,
  passportMatchesBinding,
} from './binding.js';
export {
  CLAIM_ENTRY_PASS,
  claimToPass,
  ENTRY_PASS_FORMAT_VERSION,
  type EntryPass,
  type PassHolder,
  type PassParty,
  type PassportBinding,
  passToClaim,
} from './claims.js';
export { PASS_FINDINGS, type PassFindingCode } from './findings.js';
export {
  CP1_PREFIX,
  type EntryPassInput,
  type IssueEntryPassOptions,
  issueEntryPass,
} from './issue.js';
export { verifyEntryPass } from './verify.js';
