// The public surface of `@corridor/core/x509`: what other packages use.
export { isSignedBy } from './chain.js';
export { readCrl } from './crl.js';
export { DER_OID, DER_SEQUENCE, DerError, DerReader, oidText } from './der.js';
export type { DscCertificate } from './dsc.js';
export { readDsc } from './dsc.js';
export {
  CORRIDOR_OID_ARC,
  DCC_KEY_USAGE_OIDS,
  OID_EKU_AUTHORITY,
  OID_EKU_ENTRY_PASS,
  OID_EKU_GATEWAY_UPLOAD,
  OID_EKU_LANE_DOCUMENT,
} from './oids.js';
