import { defaultCrypto } from '@corridor/core/crypto';
import { loadTrustBundle, signTrustBundle } from '@corridor/core/trust';
import { readDsc } from '@corridor/core/x509';
import { describe, expect, it } from 'vitest';
import { createCsca } from '../pki/csca.js';
import { createAnchor, createCountryKeys } from './fixtures.js';

const NOW = new Date('2026-03-01T09:00:00Z');

describe('trust bundle key checks (verifier side)', () => {
  it('leaves out CA certificates listed as DSCs (a CSCA passes the chain check by itself), keeping the rest', async () => {
    const crypto = defaultCrypto();
    const anchor = await createAnchor();
    const cn = await createCountryKeys('CN', NOW);
    const other = await createCsca({ country: 'CN', commonName: 'Another CN CSCA', now: NOW });
    expect(readDsc(cn.csca.der).ca).toBe(true);
    expect(readDsc(cn.dsc.der).ca).toBe(false);
    const kid = (der: Uint8Array) => crypto.sha256(der).then((h) => h.subarray(0, 8));
    const bytes = await signTrustBundle(
      {
        version: 1,
        issuedAt: NOW.getTime() / 1000,
        expiresAt: NOW.getTime() / 1000 + 3600,
        gateway: 'test',
        countries: [
          {
            country: 'CN',
            cscas: [cn.csca.der, other.der],
            dscs: [
              { der: cn.dsc.der, kid: cn.dsc.kid },
              { der: cn.csca.der, kid: await kid(cn.csca.der) },
              { der: other.der, kid: await kid(other.der) },
            ],
            authorities: [cn.authority.der],
          },
        ],
        revokedKids: [],
        revocations: [],
        ruleSets: [],
        valueSets: [],
        agreements: [],
      },
      anchor.signer,
      crypto,
    );
    const loaded = await loadTrustBundle(bytes, { anchors: [anchor.key], at: NOW, crypto });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.dscCount).toBe(1);
    expect(loaded.value.lookup(cn.dsc.kid)).toHaveLength(1);
    expect(loaded.value.rejected.map((r) => r.reason)).toEqual([
      'a CA certificate cannot sign documents',
      'a CA certificate cannot sign documents',
    ]);
  });
});
