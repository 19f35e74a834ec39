/**
 * DER OBJECT IDENTIFIER decoding with arbitrary-size arcs.
 *
 * `@peculiar/asn1-schema` (asn1js) prints an arc above 2^53 as `{hex}`, so Corridor's
 * `2.25.<128-bit UUID>` OIDs would read as `2.25.{…}.1.1`. Corridor reads extended key usages
 * with this decoder instead, which uses BigInt and prints the dotted decimal form that
 * OpenSSL and the OID repository use.
 */

/** Decodes the contents octets of an OBJECT IDENTIFIER to dotted decimal. */
export function decodeOidContents(contents: Uint8Array): string {
  if (contents.length === 0) throw new RangeError('empty OBJECT IDENTIFIER');
  const arcs: bigint[] = [];
  let acc = 0n;
  for (let i = 0; i < contents.length; i++) {
    const byte = contents[i]!;
    if (acc === 0n && byte === 0x80) throw new RangeError('non-minimal OBJECT IDENTIFIER arc');
    acc = (acc << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(acc);
      acc = 0n;
    } else if (i === contents.length - 1) {
      throw new RangeError('truncated OBJECT IDENTIFIER');
    }
  }
  const first = arcs[0]!;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

/**
 * Reads the OIDs of an ExtendedKeyUsage extension value (`SEQUENCE OF OBJECT IDENTIFIER`).
 * Throws `RangeError` on malformed DER.
 */
export function decodeExtendedKeyUsage(value: ArrayBuffer | Uint8Array): string[] {
  const der = value instanceof Uint8Array ? value : new Uint8Array(value);
  const [tag, start, end] = header(der, 0);
  if (tag !== 0x30 || end !== der.length)
    throw new RangeError('ExtendedKeyUsage is not a SEQUENCE');
  const out: string[] = [];
  for (let at = start; at < end; ) {
    const [itemTag, itemStart, itemEnd] = header(der, at);
    if (itemTag !== 0x06 || itemEnd > end)
      throw new RangeError('ExtendedKeyUsage item is not an OID');
    out.push(decodeOidContents(der.subarray(itemStart, itemEnd)));
    at = itemEnd;
  }
  return out;
}

/** Reads a DER tag and definite length at `at`: [tag, contents start, contents end]. */
function header(der: Uint8Array, at: number): [number, number, number] {
  if (at + 2 > der.length) throw new RangeError('truncated DER');
  const tag = der[at]!;
  let length = der[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3 || start + count > der.length)
      throw new RangeError('bad DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  const end = start + length;
  if (end > der.length) throw new RangeError('truncated DER');
  return [tag, start, end];
}
