/**
 * Writing format-trust entries (the gateway's side): apart from `format-material.ts`, which
 * reads them, so a verifier page that loads bundles never carries the writer and the reader
 * stays in the chunk loaded only when a bundle has format trust.
 */
import type { BundleFormatTrust, FormatTrustMaterial } from './format-material.js';

/** The CBOR map of `material` (the inverse of {@link readFormatMaterial}). */
export function formatMaterialMap(material: FormatTrustMaterial): Record<string, unknown> {
  switch (material.format) {
    case 'shc':
      return { format: 'shc', iss: material.iss, jwks: material.jwks, crls: material.crls };
    case 'nzcp':
      return { format: 'nzcp', did_document: material.didDocument };
    case 'vds-nc':
      return { format: 'vds-nc', csca: material.csca, crls: material.crls };
    case 'divoc':
      return {
        format: 'divoc',
        verification_method: material.verificationMethod,
        ...(material.issuer !== undefined ? { issuer: material.issuer } : {}),
        ...(material.publicKeyPem !== undefined ? { public_key_pem: material.publicKeyPem } : {}),
        ...(material.publicKeyBase58 !== undefined
          ? { public_key_base58: material.publicKeyBase58 }
          : {}),
      };
  }
}

/** The bundle's `format_trust` field. */
export function encodeBundleFormatTrust(entries: readonly BundleFormatTrust[]): unknown[] {
  return entries.map((e) => ({ country: e.country, material: formatMaterialMap(e.material) }));
}
