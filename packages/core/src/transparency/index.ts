/**
 * The transparency log: every trust change the gateway makes is a leaf of an append-only Merkle
 * tree (RFC 9162 §2.1, the hashing of Certificate Transparency), and the gateway signs tree heads
 * (COSE_Sign1). A participant pins the latest head it has verified, asks for a consistency proof
 * to each newer head, and checks inclusion proofs for the changes it is given. Two signed heads
 * that contradict each other are evidence that the gateway shows different views to different
 * parties. Pure and isomorphic; hashes are synchronous (see `lib/sha256.ts`).
 *
 * @example Server: append and publish
 * const log = new MerkleLog(storedLeafHashes);
 * const index = log.appendLeaf(encodeCbor(trustChange));
 * const sth = await signTreeHead(
 *   { logId: 'corridor-gateway', treeSize: log.size, rootHash: log.root(), timestamp: at.getTime() },
 *   { signer },
 * );
 * const inclusion = log.inclusionProof(index);
 * const consistency = log.consistencyProof(clientPinnedSize);
 *
 * @example Participant: verify and detect a fork
 * const latest = await verifyTreeHead(sth, gatewayKeys, { logId: 'corridor-gateway' });
 * if (!latest.ok) return latest.code;
 * const views = checkViews(pinned, latest.value, consistency);
 * if (!views.ok) return views.code; // TLOG_FORK_DETECTED, TLOG_PROOF_INVALID, ...
 * const entry = checkInclusion(latest.value, leafHash(encodeCbor(trustChange)), index, inclusion);
 */
export { TRANSPARENCY_FINDINGS, type TransparencyCode } from './findings.js';
export { EMPTY_ROOT, HASH_SIZE, leafHash, merkleTreeHash, nodeHash } from './hash.js';
export { MerkleLog } from './log.js';
export { consistencyProof, inclusionProof, verifyConsistency, verifyInclusion } from './proofs.js';
export {
  signTreeHead,
  TREE_HEAD_CONTENT_TYPE,
  type TreeHead,
  type TreeHeadCode,
  verifyTreeHead,
} from './tree-head.js';
export { type ConsistentViews, checkInclusion, checkViews, type ViewsCode } from './views.js';
