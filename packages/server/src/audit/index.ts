/** The audit log: append-only, hash-chained, queryable (architecture principle 9). */
export { appendAudit, appendAudits } from './append.js';
export { canonicalJson } from './canonical-json.js';
export {
  type AuditEntryInput,
  type AuditRecord,
  entryHash,
  GENESIS_HASH,
} from './entry.js';
export { AUDIT_QUERY_MAX, type AuditFilters, queryAudit } from './query.js';
export { type AuditChainProblem, type AuditChainVerdict, verifyAuditChain } from './verify.js';
