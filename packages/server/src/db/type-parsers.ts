/**
 * Value conversions shared by both engines, so that a row reads the same on embedded PGlite
 * and on PostgreSQL:
 *
 * - `bigint` (int8, OID 20) → JS `number` when it is a safe integer, otherwise `bigint`.
 *   Every int8 column in the schema is a counter (sequence numbers, versions, tree sizes) that
 *   stays far below 2^53, so code may treat them as numbers. `count(*)` is int8 too.
 * - `bytea` (OID 17) → a plain `Uint8Array` (node-postgres would return a `Buffer`).
 * - `timestamptz` → `Date`, `jsonb` → parsed JSON (both engines already agree).
 */
export const INT8_OID = 20;
/** PostgreSQL's OID for `bytea`. */
export const BYTEA_OID = 17;

/** Parses the text form of an int8 as described above. */
export function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/** Re-views a Node `Buffer` (or any byte view) as a plain `Uint8Array` without copying. */
export function asPlainBytes(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Parses bytea's hex text form (`\\x0a1b…`) into a plain `Uint8Array` of its own (PGlite),
 * not a view into Node's shared buffer pool.
 */
export function parseByteaHex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.slice(2), 'hex'));
}

/** Writes bytes as bytea's hex text form (PGlite query parameters). */
export function serializeByteaHex(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytea parameters must be bytes');
  return `\\x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}
