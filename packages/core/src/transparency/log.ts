import {
  checkSize,
  EMPTY_ROOT,
  HASH_SIZE,
  isHash,
  leafHash,
  nodeHash,
  splitPoint,
} from './hash.js';
import { consistencyPathOf, inclusionPathOf } from './proofs.js';

/** A growable array of 32-byte hashes in one buffer (no object per hash). */
class HashList {
  private buf = new Uint8Array(HASH_SIZE * 64);
  length = 0;

  push(hash: Uint8Array): void {
    if ((this.length + 1) * HASH_SIZE > this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf.set(hash, this.length * HASH_SIZE);
    this.length++;
  }

  /** A view of hash `i`; valid until the next push (copy before handing it out). */
  at(i: number): Uint8Array {
    return this.buf.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
  }
}

/**
 * An append-only Merkle tree (RFC 9162 §2.1) for the server side of a transparency log.
 *
 * It stores every leaf hash and, for each level `h`, the hash of every complete subtree of
 * `2^h` leaves aligned on a multiple of `2^h`. Appending costs one leaf hash store and, on
 * average, one node hash; a root or a proof for any earlier tree size costs O(log n) hashes,
 * because every RFC 9162 subtree is either a cached complete subtree or splits into one plus a
 * smaller remainder. Memory is about 64 bytes per leaf.
 *
 * The state is the leaf hashes: persist them (e.g. one row per trust change) and rebuild the
 * log on start with `new MerkleLog(hashes)`.
 *
 * @example
 * const log = new MerkleLog();
 * const index = log.appendLeaf(encodeCbor(trustChange));
 * const head = { logId: 'corridor-gateway', treeSize: log.size, rootHash: log.root(), timestamp };
 * const proof = log.inclusionProof(index);
 * const extension = log.consistencyProof(pinnedSize); // pinnedSize → log.size
 */
export class MerkleLog {
  /** `levels[h]` holds the complete aligned subtrees of `2^h` leaves; `levels[0]` the leaves. */
  private readonly levels: HashList[] = [new HashList()];

  /** Starts a log from already-known leaf hashes (each 32 bytes), in order. */
  constructor(leafHashes: Iterable<Uint8Array> = []) {
    for (const hash of leafHashes) this.append(hash);
  }

  /** The number of leaves. */
  get size(): number {
    return this.levels[0]!.length;
  }

  /**
   * Appends a leaf hash (from {@link leafHash}) and returns its index. Throws `TypeError` unless
   * it is 32 bytes.
   */
  append(hash: Uint8Array): number {
    if (!isHash(hash)) throw new TypeError('a leaf hash must be 32 bytes');
    const index = this.size;
    this.levels[0]!.push(hash);
    // Every time a level gets an even count, its last two nodes complete a parent.
    for (let h = 0; this.levels[h]!.length % 2 === 0; h++) {
      const level = this.levels[h]!;
      const parent = nodeHash(level.at(level.length - 2), level.at(level.length - 1));
      if (this.levels.length === h + 1) this.levels.push(new HashList());
      this.levels[h + 1]!.push(parent);
    }
    return index;
  }

  /** Hashes `leaf` with {@link leafHash} (0x00 prefix), appends it and returns its index. */
  appendLeaf(leaf: Uint8Array): number {
    return this.append(leafHash(leaf));
  }

  /** The leaf hash at `index` (a copy). Throws `RangeError` when out of range. */
  leafHashAt(index: number): Uint8Array {
    checkSize(index, this.size - 1, 'index');
    return this.levels[0]!.at(index).slice();
  }

  /**
   * The Merkle Tree Hash of the first `treeSize` leaves (the current tree by default), in
   * O(log n) hashes. Throws `RangeError` unless `0 ≤ treeSize ≤ size`.
   */
  root(treeSize: number = this.size): Uint8Array {
    checkSize(treeSize, this.size, 'treeSize');
    if (treeSize === 0) return EMPTY_ROOT.slice();
    return this.mth(0, treeSize).slice();
  }

  /**
   * The inclusion proof of leaf `index` in the tree of the first `treeSize` leaves, in O(log n)
   * hashes; check it with {@link verifyInclusion}. Throws `RangeError` unless
   * `0 ≤ index < treeSize ≤ size`.
   */
  inclusionProof(index: number, treeSize: number = this.size): Uint8Array[] {
    checkSize(treeSize, this.size, 'treeSize');
    checkSize(index, treeSize - 1, 'index');
    return inclusionPathOf(index, treeSize, (s, e) => this.mth(s, e).slice());
  }

  /**
   * The consistency proof from the tree of `oldSize` leaves to the tree of `newSize` (the current
   * tree by default), in O(log n) hashes; check it with {@link verifyConsistency}. Throws
   * `RangeError` unless `0 ≤ oldSize ≤ newSize ≤ size`.
   */
  consistencyProof(oldSize: number, newSize: number = this.size): Uint8Array[] {
    checkSize(newSize, this.size, 'newSize');
    checkSize(oldSize, newSize, 'oldSize');
    return consistencyPathOf(oldSize, newSize, (s, e) => this.mth(s, e).slice());
  }

  /**
   * MTH(D[start:end]), `end > start`: a cached complete subtree when the range is one, else the
   * RFC split into a left part of the largest power of two and the remainder. Returns a view.
   */
  private mth(start: number, end: number): Uint8Array {
    const size = end - start;
    let h = 0;
    let width = 1;
    while (width < size) {
      width *= 2;
      h++;
    }
    if (width === size && start % size === 0) return this.levels[h]!.at(start / size);
    const k = splitPoint(size);
    return nodeHash(this.mth(start, start + k), this.mth(start + k, end));
  }
}
