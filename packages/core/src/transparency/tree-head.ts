import { type CborLimits, decodeCbor } from '../cbor/decode.js';
import { encodeCbor } from '../cbor/encode.js';
import { type CoseSigner, HEADER_CONTENT_TYPE, signCoseSign1 } from '../cose/sign.js';
import { type CoseVerificationKey, type CoseVerifyCode, verifyCoseSign1 } from '../cose/verify.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { bytesEqual } from '../lib/bytes.js';
import { fail, ok, type Result } from '../lib/result.js';
import { EMPTY_ROOT, isHash } from './hash.js';

/**
 * A tree head: the log's commitment to its first `treeSize` entries (RFC 9162 §4.10, in
 * Corridor's CBOR form). Signed, it is what participants pin and compare.
 */
export interface TreeHead {
  /** Which log this is, e.g. `'corridor-gateway'`. Heads of different logs never compare. */
  logId: string;
  /** Number of leaves the root covers. */
  treeSize: number;
  /** Merkle Tree Hash of those leaves (32 bytes). */
  rootHash: Uint8Array;
  /**
   * When the log produced the head, in milliseconds since the Unix epoch (as RFC 9162). The
   * caller supplies it: core never reads the clock.
   */
  timestamp: number;
}

/**
 * Content type in the protected header of every signed tree head. It separates tree heads from
 * the other documents the same gateway key signs (trust bundles, agreements), so no other
 * signed document can be passed off as a tree head.
 */
export const TREE_HEAD_CONTENT_TYPE = 'application/corridor-tree-head+cbor';

/** Why {@link verifyTreeHead} refused a document. */
export type TreeHeadCode = CoseVerifyCode | 'TLOG_HEAD_MALFORMED' | 'TLOG_LOG_MISMATCH';

const HEAD_KEYS = ['log_id', 'tree_size', 'root_hash', 'timestamp'] as const;

/**
 * Signs a tree head as a COSE_Sign1 whose payload is the CBOR map
 * `{ log_id, tree_size, root_hash, timestamp }` (in that order) and whose protected header
 * carries `alg`, `kid` and the content type {@link TREE_HEAD_CONTENT_TYPE}.
 * Throws `TypeError` for a head that {@link verifyTreeHead} would refuse (a programming error).
 *
 * @example
 * const sth = await signTreeHead(
 *   { logId: 'corridor-gateway', treeSize: log.size, rootHash: log.root(), timestamp: now.getTime() },
 *   { signer: { alg: 'ES256', privateKey, kid } },
 * );
 */
export async function signTreeHead(
  head: TreeHead,
  options: { signer: CoseSigner; crypto?: CryptoProvider },
): Promise<Uint8Array> {
  const problem = headProblem(head);
  if (problem) throw new TypeError(`invalid tree head: ${problem}`);
  const payload = encodeCbor({
    log_id: head.logId,
    tree_size: head.treeSize,
    root_hash: head.rootHash,
    timestamp: head.timestamp,
  });
  return signCoseSign1(payload, {
    signer: options.signer,
    ...(options.crypto ? { crypto: options.crypto } : {}),
    extraProtected: new Map([[HEADER_CONTENT_TYPE, TREE_HEAD_CONTENT_TYPE]]),
  });
}

/**
 * Checks a signed tree head: a COSE_Sign1 signed by one of `keys` (matched by `kid`), with the
 * tree-head content type, whose payload is exactly `{ log_id, tree_size, root_hash, timestamp }`
 * with a non-empty log id, non-negative integer size and timestamp, a 32-byte root, and the
 * empty-tree root when the size is 0. With `logId`, a head of another log is refused
 * (`TLOG_LOG_MISMATCH`). Never throws on bad input.
 *
 * @example
 * const r = await verifyTreeHead(sthBytes, gatewayKeys, { logId: 'corridor-gateway' });
 * if (!r.ok) report(r.code); else pin(r.value);
 */
export async function verifyTreeHead(
  bytes: Uint8Array,
  keys: readonly CoseVerificationKey[],
  options: { crypto?: CryptoProvider; limits?: CborLimits; logId?: string } = {},
): Promise<Result<TreeHead, TreeHeadCode>> {
  const verified = await verifyCoseSign1(bytes, keys, {
    ...(options.crypto ? { crypto: options.crypto } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  if (!verified.ok) return verified;
  const { sign1 } = verified.value;
  if (sign1.protectedHeader.get(HEADER_CONTENT_TYPE) !== TREE_HEAD_CONTENT_TYPE) {
    return fail('TLOG_HEAD_MALFORMED', { reason: 'not a tree head (content type)' });
  }
  const decoded = decodeCbor(sign1.payload, options.limits);
  if (!decoded.ok) return fail('TLOG_HEAD_MALFORMED', { reason: decoded.code });
  const doc = decoded.value;
  if (typeof doc !== 'object' || doc === null || Object.getPrototypeOf(doc) !== Object.prototype) {
    return fail('TLOG_HEAD_MALFORMED', { reason: 'payload is not a map with text keys' });
  }
  const fields = doc as Record<string, unknown>;
  const extra = Object.keys(fields).filter((k) => !(HEAD_KEYS as readonly string[]).includes(k));
  if (extra.length > 0) {
    return fail('TLOG_HEAD_MALFORMED', { reason: `unexpected field ${extra[0]}` });
  }
  const head = {
    logId: fields.log_id,
    treeSize: fields.tree_size,
    rootHash: fields.root_hash,
    timestamp: fields.timestamp,
  } as TreeHead;
  const problem = headProblem(head);
  if (problem) return fail('TLOG_HEAD_MALFORMED', { reason: problem });
  if (options.logId !== undefined && head.logId !== options.logId) {
    return fail('TLOG_LOG_MISMATCH', { expected: options.logId, actual: head.logId });
  }
  return ok({ ...head, rootHash: head.rootHash.slice() });
}

/** What is wrong with a head, or `undefined` when it is well-formed. */
function headProblem(head: TreeHead): string | undefined {
  if (typeof head.logId !== 'string' || head.logId.length === 0) {
    return 'log_id must be a non-empty text string';
  }
  if (!Number.isSafeInteger(head.treeSize) || head.treeSize < 0) {
    return 'tree_size must be a non-negative integer';
  }
  if (!isHash(head.rootHash)) return 'root_hash must be 32 bytes';
  if (!Number.isSafeInteger(head.timestamp) || head.timestamp < 0) {
    return 'timestamp must be a non-negative integer (milliseconds)';
  }
  if (head.treeSize === 0 && !bytesEqual(head.rootHash, EMPTY_ROOT)) {
    return 'the root of an empty tree must be SHA-256 of the empty string';
  }
  return undefined;
}
