import {
  CORRIDOR_OID_ARC,
  DCC_KEY_USAGE_OIDS,
  OID_EKU_ENTRY_PASS,
  OID_EKU_LANE_DOCUMENT,
} from '@corridor/core/x509';

/**
 * Corridor's private OID arc `2.25.<UUID as a decimal integer>` and its key purposes live in
 * core (`@corridor/core/x509/oids`), which must recognise them when it reads a DSC; the table
 * of sub-arcs is in docs/oids.md.
 */
export {
  CORRIDOR_OID_ARC,
  OID_EKU_AUTHORITY,
  OID_EKU_ENTRY_PASS,
  OID_EKU_GATEWAY_UPLOAD,
  OID_EKU_LANE_DOCUMENT,
} from '@corridor/core/x509';

/** `<arc>.1`: extended key usages (key purposes) of Corridor's certificates. */
export const CORRIDOR_KEY_PURPOSE_ARC = `${CORRIDOR_OID_ARC}.1`;

/** HCERT Annex A.4 key usages (JRC's PEN 1847), the current form. */
export const OID_EKU_DCC_TEST = '1.3.6.1.4.1.1847.2021.1.1';
export const OID_EKU_DCC_VACCINATION = '1.3.6.1.4.1.1847.2021.1.2';
export const OID_EKU_DCC_RECOVERY = '1.3.6.1.4.1.1847.2021.1.3';

/** What a Document Signer Certificate may sign. */
export type DscUsage = 'test' | 'vaccination' | 'recovery' | 'entry-pass' | 'lane-document';

/** All DSC usages, in the order they are written into certificates. */
export const DSC_USAGES: readonly DscUsage[] = [
  'test',
  'vaccination',
  'recovery',
  'entry-pass',
  'lane-document',
];

/** The EKU OID written for each DSC usage. */
export const DSC_USAGE_OIDS: Record<DscUsage, string> = {
  test: OID_EKU_DCC_TEST,
  vaccination: OID_EKU_DCC_VACCINATION,
  recovery: OID_EKU_DCC_RECOVERY,
  'entry-pass': OID_EKU_ENTRY_PASS,
  'lane-document': OID_EKU_LANE_DOCUMENT,
};

/**
 * Reads an EKU OID as a DSC usage: Corridor's own and every HCERT form core accepts (including
 * the early `1.3.6.1.4.1.0.1847…` OIDs still in the field). `undefined` for any other OID.
 */
export function dscUsageOf(oid: string): DscUsage | undefined {
  if (oid === OID_EKU_ENTRY_PASS) return 'entry-pass';
  if (oid === OID_EKU_LANE_DOCUMENT) return 'lane-document';
  return DCC_KEY_USAGE_OIDS[oid];
}

/** `true` when `value` names a DSC usage. */
export function isDscUsage(value: string): value is DscUsage {
  return (DSC_USAGES as readonly string[]).includes(value);
}

/** X.509 PrivateKeyUsagePeriod extension. */
export const OID_PRIVATE_KEY_USAGE_PERIOD = '2.5.29.16';
/** X.509 ExtendedKeyUsage extension. */
export const OID_EXTENDED_KEY_USAGE = '2.5.29.37';
