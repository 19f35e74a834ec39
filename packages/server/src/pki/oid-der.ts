/**
 * DER OBJECT IDENTIFIER decoding with arbitrary-size arcs, as core's strict DER reader does it.
 *
 * `@peculiar/asn1-schema` (asn1js) prints an arc above 2^53 as `{hex}`, so Corridor's
 * `2.25.<128-bit UUID>` OIDs would read as `2.25.{…}.1.1`. Corridor reads extended key usages
 * with this decoder instead, which prints the dotted decimal form that OpenSSL and the OID
 * repository use.
 */
import { DER_OID, DER_SEQUENCE, DerError, DerReader, oidText } from '@corridor/core/x509';

/** Decodes the contents octets of an OBJECT IDENTIFIER to dotted decimal; RangeError if malformed. */
export function decodeOidContents(contents: Uint8Array): string {
  const oid = oidText(contents);
  if (oid === undefined) throw new RangeError('malformed OBJECT IDENTIFIER');
  return oid;
}

/**
 * Reads the OIDs of an ExtendedKeyUsage extension value (`SEQUENCE OF OBJECT IDENTIFIER`).
 * Throws `RangeError` on malformed DER.
 */
export function decodeExtendedKeyUsage(value: ArrayBuffer | Uint8Array): string[] {
  const der = value instanceof Uint8Array ? value : new Uint8Array(value);
  try {
    const outer = new DerReader(der);
    const list = outer.into(DER_SEQUENCE, 'ExtendedKeyUsage');
    outer.done('ExtendedKeyUsage');
    const out: string[] = [];
    while (list.peek() !== undefined) {
      out.push(decodeOidContents(list.content(list.next(DER_OID, 'ExtendedKeyUsage item'))));
    }
    return out;
  } catch (error) {
    if (error instanceof DerError) throw new RangeError(error.message);
    throw error;
  }
}
