import { toHex } from '../lib/bytes.js';
import {
  DER_BIT_STRING,
  DER_GENERALIZED_TIME,
  DER_INTEGER,
  DER_SEQUENCE,
  DER_UTC_TIME,
  DerError,
  DerReader,
  readTime,
} from './der.js';
import { readDistinguishedName } from './dsc.js';

/** Largest CRL accepted: a CSCA's CRL lists revoked signers, kilobytes, not megabytes. */
export const MAX_CRL_SIZE = 1024 * 1024;

/** What revocation checking needs from an X.509 CRL (RFC 5280 §5). */
export interface CertificateRevocationList {
  der: Uint8Array;
  /** The issuer's name, in the form `DscCertificate.subject` uses. */
  issuer: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** Lower-case hex of each revoked certificate's serial number content octets. */
  revokedSerials: ReadonlySet<string>;
}

/** A CRL that could not be read. */
export class CrlError extends Error {
  readonly code = 'CRL_UNREADABLE';
}

/**
 * Reads an X.509 CRL (DER) with core's strict DER reader: issuer, thisUpdate, nextUpdate and
 * the revoked serial numbers. The signature is checked separately (`isCrlSignedBy`), against
 * the CSCA whose subject is the CRL's issuer. Throws {@link CrlError}: CRLs are trust
 * material (operator input), not scanned input.
 */
export function readCrl(der: Uint8Array): CertificateRevocationList {
  if (der.length > MAX_CRL_SIZE) {
    throw new CrlError(`CRL is ${der.length} bytes; at most ${MAX_CRL_SIZE}`);
  }
  try {
    const top = new DerReader(der);
    const list = top.into(DER_SEQUENCE, 'certificateList');
    top.done('certificateList');
    const tbs = list.into(DER_SEQUENCE, 'tbsCertList');
    list.next(DER_SEQUENCE, 'signatureAlgorithm');
    list.next(DER_BIT_STRING, 'signatureValue');
    list.done('certificateList');
    if (tbs.peek() === DER_INTEGER) tbs.next(DER_INTEGER, 'version');
    tbs.next(DER_SEQUENCE, 'signature');
    const issuer = readDistinguishedName(tbs.into(DER_SEQUENCE, 'issuer'));
    const thisUpdate = readTime(der, tbs.next(undefined, 'thisUpdate'));
    const crl: CertificateRevocationList = {
      der,
      issuer,
      thisUpdate,
      revokedSerials: new Set(),
    };
    const tag = tbs.peek();
    if (tag === DER_UTC_TIME || tag === DER_GENERALIZED_TIME) {
      crl.nextUpdate = readTime(der, tbs.next(undefined, 'nextUpdate'));
    }
    const revoked = new Set<string>();
    if (tbs.peek() === DER_SEQUENCE) {
      const entries = tbs.into(DER_SEQUENCE, 'revokedCertificates');
      while (entries.peek() !== undefined) {
        const entry = entries.into(DER_SEQUENCE, 'revoked certificate');
        revoked.add(toHex(entry.content(entry.next(DER_INTEGER, 'userCertificate'))));
      }
    }
    if (tbs.peek() === 0xa0) tbs.next(0xa0, 'crlExtensions');
    tbs.done('tbsCertList');
    crl.revokedSerials = revoked;
    return crl;
  } catch (error) {
    if (error instanceof DerError) throw new CrlError(`not an X.509 CRL: ${error.message}`);
    throw error;
  }
}
