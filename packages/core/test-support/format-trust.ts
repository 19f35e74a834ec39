import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BundleFormatTrust } from '../src/trust/format-material.js';

const SHC_WELL_KNOWN = 'shc/issuers/spec.smarthealth.cards/examples/issuer/.well-known';

/**
 * One format-trust entry per format from the shared vectors (`root` = the vectors folder), as
 * participants would upload them: the SHC spec issuer (US) with its revocation list, the NZCP
 * example DID document (NZ), Australia's CSCA and CRL (AU) and CoWIN's DIVOC key (IN).
 */
export function formatTrustOfVectors(root: string): BundleFormatTrust[] {
  const read = (file: string) => new Uint8Array(readFileSync(path.join(root, file)));
  const utf8 = (file: string) => readFileSync(path.join(root, file), 'utf8');
  return [
    {
      country: 'US',
      material: {
        format: 'shc',
        iss: 'https://spec.smarthealth.cards/examples/issuer',
        jwks: utf8(`${SHC_WELL_KNOWN}/jwks.json`),
        crls: [utf8(`${SHC_WELL_KNOWN}/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json`)],
      },
    },
    {
      country: 'NZ',
      material: { format: 'nzcp', didDocument: utf8('nzcp/spec-examples/valid/did.json') },
    },
    {
      country: 'AU',
      material: {
        format: 'vds-nc',
        csca: read('vds-nc/trust/AU_CSCA.der'),
        crls: [read('vds-nc/trust/AU_CRL.crl')],
      },
    },
    {
      country: 'IN',
      material: {
        format: 'divoc',
        verificationMethod: 'did:india',
        publicKeyPem: utf8('divoc/kde/did-india.pem'),
      },
    },
  ];
}
