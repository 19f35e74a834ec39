import { bytesEqual } from '../lib/bytes.js';
import { checkSize, isHash, nodeHash, rangeHash, splitPoint } from './hash.js';

/**
 * MTH(D[start:end]) for `0 ≤ start < end ≤ size`. The proof builders only ask for ranges whose
 * start is aligned to a power of two at least as large as the range's left part, which is what
 * lets {@link MerkleLog} answer from cached complete subtrees.
 */
export type RangeHasher = (start: number, end: number) => Uint8Array;

/**
 * PATH(index, D[0:treeSize]) of RFC 9162 §2.1.3.1 over any range hasher: the sibling hashes
 * from the leaf up to the root.
 */
export function inclusionPathOf(index: number, treeSize: number, mth: RangeHasher): Uint8Array[] {
  const path: Uint8Array[] = [];
  let start = 0;
  let end = treeSize;
  let m = index;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      path.push(mth(start + k, end));
      end = start + k;
    } else {
      path.push(mth(start, start + k));
      start += k;
      m -= k;
    }
  }
  return path.reverse();
}

/**
 * PROOF(oldSize, D[0:newSize]) = SUBPROOF(oldSize, D[0:newSize], true) of RFC 9162 §2.1.4.1 over
 * any range hasher. Empty when `oldSize` is 0 or equals `newSize`.
 */
export function consistencyPathOf(
  oldSize: number,
  newSize: number,
  mth: RangeHasher,
): Uint8Array[] {
  const path: Uint8Array[] = [];
  if (oldSize === 0 || oldSize === newSize) return path;
  let start = 0;
  let end = newSize;
  let m = oldSize;
  let wholeOldTreeIsSubtree = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      path.push(mth(start + k, end));
      end = start + k;
    } else {
      path.push(mth(start, start + k));
      start += k;
      m -= k;
      wholeOldTreeIsSubtree = false;
    }
  }
  if (!wholeOldTreeIsSubtree) path.push(mth(start, end));
  return path.reverse();
}

/**
 * The inclusion proof (audit path, RFC 9162 §2.1.3.1) of leaf `index` in the tree made of the
 * first `treeSize` leaf hashes. Costs O(treeSize) hashes; {@link MerkleLog.inclusionProof}
 * costs O(log treeSize).
 *
 * Throws `RangeError` unless `0 ≤ index < treeSize ≤ leafHashes.length`.
 *
 * @example
 * const proof = inclusionProof(hashes, 3, hashes.length);
 * verifyInclusion(hashes[3], 3, hashes.length, proof, merkleTreeHash(hashes)); // true
 */
export function inclusionProof(
  leafHashes: readonly Uint8Array[],
  index: number,
  treeSize: number,
): Uint8Array[] {
  checkSize(treeSize, leafHashes.length, 'treeSize');
  checkSize(index, treeSize - 1, 'index');
  return inclusionPathOf(index, treeSize, (s, e) => rangeHash(leafHashes, s, e).slice());
}

/**
 * The consistency proof (RFC 9162 §2.1.4.1) that the tree of the first `oldSize` leaf hashes is a
 * prefix of the tree of the first `newSize`. Empty when `oldSize` is 0 or equals `newSize`.
 *
 * Throws `RangeError` unless `0 ≤ oldSize ≤ newSize ≤ leafHashes.length`.
 *
 * @example
 * const proof = consistencyProof(hashes, 5, 8);
 * verifyConsistency(5, 8, merkleTreeHash(hashes, 5), merkleTreeHash(hashes, 8), proof); // true
 */
export function consistencyProof(
  leafHashes: readonly Uint8Array[],
  oldSize: number,
  newSize: number,
): Uint8Array[] {
  checkSize(newSize, leafHashes.length, 'newSize');
  checkSize(oldSize, newSize, 'oldSize');
  return consistencyPathOf(oldSize, newSize, (s, e) => rangeHash(leafHashes, s, e).slice());
}

/**
 * Verifies an inclusion proof with the algorithm of RFC 9162 §2.1.3.2: `true` only when
 * `leafHash` is leaf `index` of the tree of `treeSize` leaves whose root is `rootHash`.
 * Never throws: any malformed input (index out of range, a hash that is not 32 bytes, a proof
 * of the wrong length) is simply `false`.
 *
 * @example
 * verifyInclusion(leafHash(entry), index, head.treeSize, proof, head.rootHash)
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  rootHash: Uint8Array,
): boolean {
  if (!isHash(leafHash) || !isHash(rootHash) || !Array.isArray(proof)) return false;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize)) return false;
  if (index < 0 || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (!isHash(p)) return false;
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(r, rootHash);
}

/**
 * Verifies a consistency proof with the algorithm of RFC 9162 §2.1.4.2: `true` only when the tree
 * of `oldSize` leaves with root `oldRoot` is a prefix of the tree of `newSize` leaves with root
 * `newRoot`. For `oldSize === newSize` the proof must be empty and the roots equal; for
 * `oldSize === 0` the proof must be empty (the empty tree is a prefix of every tree).
 * Never throws: malformed input is `false`.
 *
 * @example
 * verifyConsistency(pinned.treeSize, head.treeSize, pinned.rootHash, head.rootHash, proof)
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isHash(oldRoot) || !isHash(newRoot) || !Array.isArray(proof)) return false;
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize)) return false;
  if (oldSize < 0 || newSize < oldSize) return false;
  if (!proof.every(isHash)) return false;
  if (oldSize === newSize) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (oldSize === 0) return proof.length === 0;
  // 1. An empty path cannot prove anything between different sizes.
  if (proof.length === 0) return false;
  // 2. When the old tree is a complete subtree, its root is the path's first node.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  // 3-4.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 5.
  let fr = path[0]!;
  let sr = path[0]!;
  // 6.
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 7.
  return bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot) && sn === 0;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
