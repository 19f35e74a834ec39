import type { CertificateType } from '../report/report.js';
import { oidText } from './der.js';

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
export const OID_BASIC_CONSTRAINTS = '2.5.29.19';

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

/**
 * Decodes a DER OBJECT IDENTIFIER (tag, length, body) to dotted form; `undefined` if
 * malformed. Arcs are read as BigInt, so UUID arcs (`2.25.<128-bit>`) come out exact.
 */
export function decodeOid(der: Uint8Array): string | undefined {
  if (der[0] !== 0x06 || der.length < 3 || der.length > 130 || der[1]! + 2 !== der.length)
    return undefined;
  return oidText(der.subarray(2));
}

/**
 * Corridor's private OID arc: `2.25.<UUID as a decimal integer>` (ITU-T X.667: an OID anyone
 * may mint without registration), made once from the random UUID
 * 9cbefbbe-6d80-4aa0-b002-f42d15949f9d. Never regenerate it: certificates carry it. Its key
 * purposes follow (docs/oids.md). A DSC that carries only Corridor purposes may sign entry
 * passes or lane documents, never a health certificate.
 */
export const CORRIDOR_OID_ARC = '2.25.208351209717618848696634286387448029085';
export const OID_EKU_ENTRY_PASS = `${CORRIDOR_OID_ARC}.1.1`;
export const OID_EKU_LANE_DOCUMENT = `${CORRIDOR_OID_ARC}.1.2`;
export const OID_EKU_GATEWAY_UPLOAD = `${CORRIDOR_OID_ARC}.1.3`;
export const OID_EKU_AUTHORITY = `${CORRIDOR_OID_ARC}.1.4`;

/** Corridor's document key purposes, by OID (docs/oids.md). */
export const CORRIDOR_KEY_USAGE_OIDS: Record<string, CorridorKeyUsage> = {
  [OID_EKU_ENTRY_PASS]: 'entry-pass',
  [OID_EKU_LANE_DOCUMENT]: 'lane-document',
  [OID_EKU_GATEWAY_UPLOAD]: 'gateway-upload',
  [OID_EKU_AUTHORITY]: 'authority',
};

/** What a Corridor key purpose lets a certificate sign. */
export type CorridorKeyUsage = 'entry-pass' | 'lane-document' | 'gateway-upload' | 'authority';
