/**
 * RFC 8785 JSON Canonicalization Scheme for a value `JSON.parse` produced: no white space,
 * object members sorted by their names' UTF-16 code units (§3.2.3), strings and numbers
 * serialised as ECMAScript's `JSON.stringify` does (§3.2.2.2, §3.2.2.3: shortest round-trip
 * numbers, `-0` as `0`). The caller bounds the depth first (see `parseSealJson`): this
 * recurses. Throws `TypeError` on values JSON cannot hold (a programming error here).
 *
 * A maintained library (`canonicalize`) does the same in as many lines, but without a depth
 * bound or refusing non-JSON values, so Corridor keeps its own, tested against the RFC's
 * examples.
 */
export function canonicalizeJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('JCS cannot hold NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalizeJson).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonicalizeJson(record[name])}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`JCS cannot hold a ${typeof value}`);
}
