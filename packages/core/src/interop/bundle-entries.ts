import { toHex } from '../lib/bytes.js';
import type { TrustBundleContent } from '../trust/bundle.js';
import { kidFromDigest, sha256, type TrustListEntry } from './entry.js';

/**
 * The certificates of a trust bundle as neutral trust-list entries, ready for
 * {@link toEuTrustList} or {@link toDidTrustList}: each country's CSCAs (kid: the first 8 bytes
 * of the certificate's SHA-256, as the EU gateway computes it) and its DSCs (the kid the
 * bundle carries), in the bundle's order, all in the `DCC` trust domain. Authority
 * certificates (Corridor's document-signing keys) have no EU or GDHCN kind and are left out,
 * and so are DSCs the bundle lists as revoked.
 *
 * Export only a bundle that was verified (`loadTrustBundle`): the entries carry no signature
 * of their own, so a list made from an unverified bundle is only as good as its source.
 */
export async function bundleTrustListEntries(
  content: Pick<TrustBundleContent, 'countries' | 'revokedKids'>,
): Promise<TrustListEntry[]> {
  const revoked = new Set(content.revokedKids.map((r) => `${r.country}:${toHex(r.kid)}`));
  const entries: TrustListEntry[] = [];
  for (const country of content.countries) {
    for (const der of country.cscas) {
      entries.push({
        country: country.country,
        kind: 'CSCA',
        kid: kidFromDigest(await sha256(der)),
        certificate: der,
        domain: 'DCC',
      });
    }
    for (const dsc of country.dscs) {
      if (revoked.has(`${country.country}:${toHex(dsc.kid)}`)) continue;
      entries.push({
        country: country.country,
        kind: 'DSC',
        kid: dsc.kid,
        certificate: dsc.der,
        domain: 'DCC',
      });
    }
  }
  return entries;
}
