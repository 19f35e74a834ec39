import { bytesEqual, toHex } from '../lib/bytes.js';
import { fail, ok, type Result } from '../lib/result.js';
import { verifyConsistency, verifyInclusion } from './proofs.js';
import type { TreeHead } from './tree-head.js';

/** Two views of one log that agree: the smaller tree is a prefix of (or equal to) the larger. */
export interface ConsistentViews {
  /** `'same'`: equal size and root; `'extends'`: `newer` appends entries to `older`. */
  relation: 'same' | 'extends';
  /** The head with the smaller tree (the first argument when sizes are equal). */
  older: TreeHead;
  /** The head with the larger tree. */
  newer: TreeHead;
}

/** Why two views of a log disagree. */
export type ViewsCode = 'TLOG_LOG_MISMATCH' | 'TLOG_FORK_DETECTED' | 'TLOG_PROOF_INVALID';

/**
 * Compares two verified tree heads of the same log (from {@link verifyTreeHead}), in either
 * order, with the consistency proof from the smaller tree to the larger one (none is needed when
 * the sizes are equal). This is how a participant detects a gateway showing different views to
 * different parties: compare the head you pinned with each new head you receive, and the heads
 * other participants (or a witness) report.
 *
 * - `TLOG_FORK_DETECTED`: the log signed two different roots for the same size. Conclusive:
 *   both signed heads together are the evidence.
 * - `TLOG_PROOF_INVALID`: the proof does not show that the larger tree extends the smaller. The
 *   proof is not signed, so ask the log again; a log that cannot produce a valid proof has
 *   rewritten its history, and the two signed heads are the evidence.
 * - `TLOG_LOG_MISMATCH`: the heads belong to different logs and prove nothing about each other.
 *
 * @example
 * const proof = await fetchConsistency(pinned.treeSize, latest.treeSize);
 * const r = checkViews(pinned, latest, proof);
 * if (r.ok) pin(r.value.newer);
 * else if (r.code === 'TLOG_FORK_DETECTED') raiseAlarm(pinnedBytes, latestBytes);
 */
export function checkViews(
  a: TreeHead,
  b: TreeHead,
  proof: readonly Uint8Array[] = [],
): Result<ConsistentViews, ViewsCode> {
  if (a.logId !== b.logId) return fail('TLOG_LOG_MISMATCH', { expected: a.logId, actual: b.logId });
  const [older, newer] = b.treeSize < a.treeSize ? [b, a] : [a, b];
  if (older.treeSize === newer.treeSize) {
    if (bytesEqual(older.rootHash, newer.rootHash)) return ok({ relation: 'same', older, newer });
    return fail('TLOG_FORK_DETECTED', {
      logId: a.logId,
      size: a.treeSize,
      rootA: toHex(a.rootHash),
      rootB: toHex(b.rootHash),
    });
  }
  const consistent = verifyConsistency(
    older.treeSize,
    newer.treeSize,
    older.rootHash,
    newer.rootHash,
    proof,
  );
  if (!consistent) {
    return fail('TLOG_PROOF_INVALID', {
      logId: a.logId,
      oldSize: older.treeSize,
      newSize: newer.treeSize,
    });
  }
  return ok({ relation: 'extends', older, newer });
}

/**
 * Checks that `leafHash` is entry `index` of the tree a verified head commits to, returning
 * `TLOG_INCLUSION_INVALID` otherwise. Use it to confirm that a trust change you were given (a new
 * DSC, a revocation) is in the log everyone else sees.
 *
 * @example
 * const r = checkInclusion(head, leafHash(encodeCbor(change)), index, proof);
 */
export function checkInclusion(
  head: TreeHead,
  leafHash: Uint8Array,
  index: number,
  proof: readonly Uint8Array[],
): Result<TreeHead, 'TLOG_INCLUSION_INVALID'> {
  if (verifyInclusion(leafHash, index, head.treeSize, proof, head.rootHash)) return ok(head);
  return fail('TLOG_INCLUSION_INVALID', {
    logId: head.logId,
    index: Number.isSafeInteger(index) ? index : String(index),
    treeSize: head.treeSize,
  });
}
