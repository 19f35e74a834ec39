import { bytesEqual } from '../lib/bytes.js';
import type { TrustedKey } from './trust-list.js';

const NONE: readonly TrustedKey[] = Object.freeze([]);

/**
 * Trusted keys by `kid`, looked up on every scan without turning the `kid` into a string:
 * a 30-bit FNV-1a hash of its bytes picks a bucket, and the bytes themselves are compared.
 */
export class KidIndex {
  private readonly buckets = new Map<number, { kid: Uint8Array; keys: TrustedKey[] }[]>();

  constructor(keys: Iterable<TrustedKey>) {
    for (const key of keys) this.add(key);
  }

  add(key: TrustedKey): void {
    const h = hashKid(key.kid);
    let bucket = this.buckets.get(h);
    if (!bucket) {
      bucket = [];
      this.buckets.set(h, bucket);
    }
    const group = bucket.find((g) => bytesEqual(g.kid, key.kid));
    if (group) group.keys.push(key);
    else bucket.push({ kid: key.kid, keys: [key] });
  }

  /** Every key with exactly this `kid` (several DSCs may share one), in insertion order. */
  lookup(kid: Uint8Array): readonly TrustedKey[] {
    const bucket = this.buckets.get(hashKid(kid));
    if (bucket) {
      for (const group of bucket) if (bytesEqual(group.kid, kid)) return group.keys;
    }
    return NONE;
  }
}

function hashKid(kid: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < kid.length; i++) h = Math.imul(h ^ kid[i]!, 0x01000193);
  // 30 bits: a small integer for V8 (a wider key becomes a heap number on every lookup).
  return h & 0x3fffffff;
}
