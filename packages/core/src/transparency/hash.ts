import { sha256 } from '../lib/sha256.js';

/** Size in bytes of every hash in the log (SHA-256). */
export const HASH_SIZE = 32;

/** The Merkle Tree Hash of the empty tree: SHA-256 of the empty string (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/**
 * The hash of one log entry: SHA-256(0x00 ‖ leaf) (RFC 9162 §2.1.1). The 0x00 prefix keeps a
 * leaf from ever being mistaken for an interior node (second-preimage resistance).
 *
 * @example
 * const h = leafHash(encodeCbor(trustChange)); // 32 bytes, what MerkleLog.append takes
 */
export function leafHash(leaf: Uint8Array): Uint8Array {
  const buf = new Uint8Array(leaf.length + 1);
  buf.set(leaf, 1);
  return sha256(buf);
}

/** The hash of an interior node: SHA-256(0x01 ‖ left ‖ right) (RFC 9162 §2.1.1). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf =
    left.length === HASH_SIZE && right.length === HASH_SIZE
      ? NODE_INPUT
      : new Uint8Array(1 + left.length + right.length);
  buf[0] = 1;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return sha256(buf);
}

/** Scratch input of {@link nodeHash} for two 32-byte children (hashing is synchronous). */
const NODE_INPUT = new Uint8Array(1 + 2 * HASH_SIZE);

/**
 * The largest power of two strictly smaller than `n` (`n` ≥ 2): where RFC 9162 splits a tree of
 * `n` leaves into a complete left subtree and the rest.
 */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The Merkle Tree Hash (RFC 9162 §2.1.1) of the first `treeSize` leaf hashes (all of them by
 * default). Costs `treeSize - 1` node hashes; a server that needs roots often uses
 * {@link MerkleLog} instead.
 *
 * Throws `RangeError` when `treeSize` is not an integer in `0..leafHashes.length`.
 *
 * @example
 * toHex(merkleTreeHash([])) // 'e3b0c442…b855' (EMPTY_ROOT)
 * merkleTreeHash(entries.map(leafHash))
 */
export function merkleTreeHash(
  leafHashes: readonly Uint8Array[],
  treeSize: number = leafHashes.length,
): Uint8Array {
  checkSize(treeSize, leafHashes.length, 'treeSize');
  if (treeSize === 0) return EMPTY_ROOT.slice();
  if (treeSize === 1) return leafHashes[0]!.slice();
  return rangeHash(leafHashes, 0, treeSize);
}

/** MTH(D[start:end]) over a plain array, recursively; `end > start`. */
export function rangeHash(
  leafHashes: readonly Uint8Array[],
  start: number,
  end: number,
): Uint8Array {
  if (end - start === 1) return leafHashes[start]!;
  const k = splitPoint(end - start);
  return nodeHash(rangeHash(leafHashes, start, start + k), rangeHash(leafHashes, start + k, end));
}

/** Throws `RangeError` unless `value` is an integer in `0..max`. */
export function checkSize(value: number, max: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer in 0..${max}, got ${value}`);
  }
}

/** `true` when `value` is a 32-byte array. */
export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}
