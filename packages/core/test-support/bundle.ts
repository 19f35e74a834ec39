import type { TrustBundleContent } from '../src/trust/bundle.js';

/**
 * The content of a trust bundle with nothing in it but `extra`: version 1, issued at
 * `issuedAt` (NumericDate seconds) and valid for `lifetime` seconds.
 */
export function bundleContent(
  issuedAt: number,
  lifetime: number,
  extra: Partial<TrustBundleContent> = {},
): TrustBundleContent {
  return {
    version: 1,
    issuedAt,
    expiresAt: issuedAt + lifetime,
    gateway: 'test',
    countries: [],
    revokedKids: [],
    revocations: [],
    ruleSets: [],
    valueSets: [],
    agreements: [],
    ...extra,
  };
}
