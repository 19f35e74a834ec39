import { DER_INTEGER, DER_SEQUENCE, DER_SET, DerReader, directoryString } from '../x509/der.js';
import type { DscCertificate } from '../x509/dsc.js';

/** ICAO 9303-12 document type list extension (`id-icao-mrtd-security-extensions-documentTypeList`). */
export const OID_DOCUMENT_TYPE_LIST = '2.23.136.1.1.6.2';
/** ICAO extended key usage of a VDS-NC barcode signer. */
export const OID_EKU_VDS_NC_SIGNER = '2.23.136.1.1.14.2';

/** The document type a barcode signer must be allowed for each seal type (ICAO VDS-NC). */
export const SEAL_DOCUMENT_TYPES = { 'icao.vacc': 'NV', 'icao.test': 'NT' } as const;

/**
 * The document types a signer certificate's document type list allows
 * (`DocumentTypeListSyntax ::= SEQUENCE { version INTEGER, docTypeList SET OF DocumentType }`,
 * DocumentType a PrintableString); `undefined` when the extension is absent or malformed.
 */
export function documentTypes(cert: DscCertificate): string[] | undefined {
  const ext = cert.extensions?.find((e) => e.oid === OID_DOCUMENT_TYPE_LIST);
  if (!ext) return undefined;
  try {
    const outer = new DerReader(ext.value);
    const seq = outer.into(DER_SEQUENCE, 'documentTypeList');
    outer.done('documentTypeList');
    seq.next(DER_INTEGER, 'version');
    const set = seq.into(DER_SET, 'docTypeList');
    seq.done('documentTypeList');
    const types: string[] = [];
    while (set.peek() !== undefined) types.push(directoryString(ext.value, set.next()));
    return types;
  } catch {
    return undefined;
  }
}
