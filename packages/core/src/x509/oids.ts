import type { CertificateType } from '../report/report.js';

/** Extended key usages that limit a DSC to certificate types (HCERT Annex A.4). */
export const DCC_KEY_USAGE_OIDS: Record<string, CertificateType> = {
  '1.3.6.1.4.1.1847.2021.1.1': 'test',
  '1.3.6.1.4.1.1847.2021.1.2': 'vaccination',
  '1.3.6.1.4.1.1847.2021.1.3': 'recovery',
  // The spec's first text used PEN 0; DSCs with these OIDs are in the field (SPEC PR #75).
  '1.3.6.1.4.1.0.1847.2021.1.1': 'test',
  '1.3.6.1.4.1.0.1847.2021.1.2': 'vaccination',
  '1.3.6.1.4.1.0.1847.2021.1.3': 'recovery',
};

export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_P256 = '1.2.840.10045.3.1.7';
export const OID_P384 = '1.3.132.0.34';
export const OID_P521 = '1.3.132.0.35';
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';
export const OID_EXT_KEY_USAGE = '2.5.29.37';

export const OID_COUNTRY = '2.5.4.6';
export const OID_COMMON_NAME = '2.5.4.3';
export const OID_ORGANIZATION = '2.5.4.10';

/** Short names for distinguished-name attributes when printing a subject. */
export const DN_SHORT_NAMES: Record<string, string> = {
  [OID_COUNTRY]: 'C',
  [OID_COMMON_NAME]: 'CN',
  [OID_ORGANIZATION]: 'O',
  '2.5.4.11': 'OU',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.5': 'serialNumber',
  '2.5.4.97': 'organizationIdentifier',
};

/** Decodes a DER OBJECT IDENTIFIER (tag, length, body) to dotted form; `undefined` if malformed. */
export function decodeOid(der: Uint8Array): string | undefined {
  if (der[0] !== 0x06 || der.length < 3 || der[1]! + 2 !== der.length) return undefined;
  const body = der.subarray(2);
  const parts: number[] = [Math.floor(body[0]! / 40), body[0]! % 40];
  let acc = 0;
  for (let i = 1; i < body.length; i++) {
    acc = acc * 128 + (body[i]! & 0x7f);
    if (!(body[i]! & 0x80)) {
      parts.push(acc);
      acc = 0;
    }
  }
  return parts.join('.');
}
