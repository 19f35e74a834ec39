/**
 * Trust bundles carry countersigned lane versions: a verifier opens them offline, keeps only
 * lanes both parties' authority certificates signed, and checks entry passes against them.
 */
import { defaultCrypto } from '@corridor/core/crypto';
import type { Lane } from '@corridor/core/lanes';
import { CN_KR_LANE_V1, countersignLane, signLane } from '@corridor/core/lanes';
import { utf8Encode } from '@corridor/core/lib';
import { issueEntryPass, verifyEntryPass } from '@corridor/core/pass';
import { loadTrustBundle, signTrustBundle, type TrustBundleContent } from '@corridor/core/trust';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASS_INPUT, WINDOW } from '../../../core/test-support/entry-pass.js';
import { createDsc } from '../pki/dsc.js';
import { type CountryKeys, createAnchor, createCountryKeys } from './fixtures.js';
import { researchAmendment } from './lane-fixtures.js';

const NOW = new Date('2021-03-01T00:00:00Z');
const AT = new Date('2021-03-10T00:30:00Z');
const crypto = defaultCrypto();
const s = (iso: string) => Date.parse(iso) / 1000;

/** The September 2020 amendment: a fifth category on the CN→KR direction. */
const V2: Lane = researchAmendment(s('2020-09-01T00:00:00Z'));

const K = {} as {
  anchor: Awaited<ReturnType<typeof createAnchor>>;
  cn: CountryKeys;
  kr: CountryKeys;
  passDsc: Awaited<ReturnType<typeof createDsc>>;
};

async function countersigned(lane: Lane, first: CountryKeys, second: CountryKeys) {
  const signed = await signLane(lane, first.authoritySigner);
  if (!signed.ok) throw new Error(signed.code);
  const both = await countersignLane(signed.value, second.authoritySigner);
  if (!both.ok) throw new Error(both.code);
  return both.value;
}

async function bundle(extra: Partial<TrustBundleContent>) {
  const content: TrustBundleContent = {
    version: 1,
    issuedAt: s('2021-03-01T00:00:00Z'),
    expiresAt: s('2021-04-01T00:00:00Z'),
    gateway: 'test',
    countries: [K.cn, K.kr].map((c) => ({
      country: c.country,
      cscas: [c.csca.der],
      dscs: c.country === 'KR' ? [{ der: K.passDsc.der, kid: K.passDsc.kid }] : [],
      authorities: [c.authority.der],
    })),
    revokedKids: [],
    revocations: [],
    ruleSets: [],
    valueSets: [],
    agreements: [],
    ...extra,
  };
  const bytes = await signTrustBundle(content, K.anchor.signer, crypto);
  const loaded = await loadTrustBundle(bytes, { anchors: [K.anchor.key], at: AT, crypto });
  if (!loaded.ok) throw new Error(loaded.code);
  return loaded.value;
}

beforeAll(async () => {
  K.anchor = await createAnchor();
  K.cn = await createCountryKeys('CN', NOW);
  K.kr = await createCountryKeys('KR', NOW);
  K.passDsc = await createDsc({
    csca: { certificate: K.kr.csca.der, privateKey: K.kr.csca.keys.privateKey },
    country: 'KR',
    commonName: 'Corridor entry passes KR',
    usages: ['entry-pass'],
    now: NOW,
  });
});

describe('trust bundles with lanes', () => {
  it('load every countersigned lane version and tell which one is in force', async () => {
    const b = await bundle({
      lanes: [await countersigned(CN_KR_LANE_V1, K.cn, K.kr), await countersigned(V2, K.kr, K.cn)],
    });
    expect(b.rejected).toEqual([]);
    expect(b.lanes().map((l) => l.version)).toEqual([1, 2]);
    expect(b.laneAt('CN-KR-FAST-TRACK', new Date('2020-06-01T00:00:00Z'))?.version).toBe(1);
    expect(b.laneAt('CN-KR-FAST-TRACK', AT)?.version).toBe(2);
    expect(b.laneAt('OTHER', AT)).toBeUndefined();
  });

  it('leave out a lane not signed by both authorities (a document signer is not an authority)', async () => {
    const dscSigner = {
      alg: K.cn.dsc.keys.alg,
      privateKey: K.cn.dsc.keys.privateKey,
      kid: K.cn.dsc.kid,
    };
    const signed = await signLane(CN_KR_LANE_V1, K.kr.authoritySigner);
    const wrong = signed.ok ? await countersignLane(signed.value, dscSigner) : undefined;
    const b = await bundle({ lanes: [wrong?.ok ? wrong.value : new Uint8Array()] });
    expect(b.lanes()).toEqual([]);
    expect(b.rejected).toEqual([{ what: 'lane', reason: 'LANE_SIGNATURE_INVALID' }]);
  });

  it('still load without lanes, as bundles made before lanes existed', async () => {
    const b = await bundle({});
    expect(b.lanes()).toEqual([]);
    expect(b.laneAt('CN-KR-FAST-TRACK', AT)).toBeUndefined();
  });

  it('verify an entry pass: its lane version must be there, and its id may be revoked', async () => {
    const signer = {
      alg: K.passDsc.keys.alg,
      privateKey: K.passDsc.keys.privateKey,
      kid: K.passDsc.kid,
      country: 'KR',
    };
    const pass = await issueEntryPass(PASS_INPUT, { signer, ...WINDOW });
    const lanes = [await countersigned(CN_KR_LANE_V1, K.cn, K.kr)];
    const ok = await verifyEntryPass(pass, { trust: await bundle({ lanes }), at: AT });
    expect(ok.findings).toEqual([]);
    expect(ok.status).toBe('valid');
    expect(ok.steps.lane).toBe('passed');

    const v3 = await issueEntryPass(
      { ...PASS_INPUT, lane: { id: 'CN-KR-FAST-TRACK', version: 3 } },
      { signer, ...WINDOW },
    );
    const unknown = await verifyEntryPass(v3, { trust: await bundle({ lanes }), at: AT });
    expect(unknown.findings.map((f) => f.code)).toEqual(['PASS_LANE_UNKNOWN']);

    const hash = (await crypto.sha256(utf8Encode(PASS_INPUT.id))).subarray(0, 16);
    const revoking = await bundle({
      lanes,
      revocations: [{ country: 'KR', hashType: 'UCI', hashes: [hash] }],
    });
    const revoked = await verifyEntryPass(pass, { trust: revoking, at: AT });
    expect(revoked.findings.map((f) => f.code)).toEqual(['PASS_REVOKED']);
  });
});
