import { encodeCbor } from './encode.js';
import { Tagged } from './tagged.js';

/**
 * Encodes `value` in the deterministic form of RFC 8949 §4.2.1: besides the shortest heads and
 * definite lengths {@link encodeCbor} always writes, the keys of every map are sorted by the
 * bytewise order of their encodings, and `undefined` members of plain objects are left out.
 * Two parties that build the same document get the same bytes, which is what a co-signed
 * document (a lane) needs: either side can re-encode what it read and compare.
 *
 * Floating-point numbers are written as float64, not in their shortest form; documents that
 * must be canonical keep to integers (the lane validator refuses any other number).
 */
export function encodeCanonicalCbor(value: unknown): Uint8Array {
  return encodeCbor(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Tagged) return new Tagged(value.tag, sortKeys(value.value));
  const entries =
    value instanceof Map
      ? [...value.entries()]
      : isPlainObject(value)
        ? Object.entries(value).filter(([, v]) => v !== undefined)
        : undefined;
  if (!entries) return value;
  const keyed = entries.map(([k, v]) => ({ k, key: encodeCbor(k), v: sortKeys(v) }));
  keyed.sort((a, b) => compareBytes(a.key, b.key));
  return new Map(keyed.map(({ k, v }) => [k, v]));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}
