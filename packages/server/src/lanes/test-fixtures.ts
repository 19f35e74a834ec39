/**
 * Fixtures of the lane tests: two lane authorities, the CN-KR lane v1 and a small-quota variant
 * countersigned by both, a KR entry-pass DSC from a fresh CSCA, the loaded node, and a trust
 * list holding the DSC. Test support only.
 */
import type { CoseSigner, CoseVerificationKey } from '@corridor/core/cose';
import type { Lane } from '@corridor/core/lanes';
import { CN_KR_LANE_V1, countersignLane, signLane } from '@corridor/core/lanes';
import { DscTrustList } from '@corridor/core/trust';
import { HttpProblem } from '../http/problem.js';
import { createCsca } from '../pki/csca.js';
import { createDsc, type IssuedDsc } from '../pki/dsc.js';
import { createLanesNode, type LanesNode } from './config.js';
import type { ApplicationInput } from './eligibility.js';

/** The clock of every test: 20 February 2021, 09:00 UTC (lane v1 in force). */
export const NOW = new Date('2021-02-20T09:00:00Z');
export const SPONSOR = { id: 'SP-0007', name: 'Hanbit Semiconductor Co.', country: 'KR' };
export const AUTHORITY = {
  id: 'KR-MOFA-BEIJING',
  name: 'Embassy of the Republic of Korea in Beijing',
};
export const ADMIN = { id: 'mofa/token:1', account: 'mofa' };
export const SPONSOR_ACTOR = { id: 'hanbit/token:2', account: 'hanbit' };

/** A CN→KR application on lane v1 that passes every rule: arrival 16 days after NOW. */
export const APPLICATION: ApplicationInput = {
  lane: 'CN-KR-FAST-TRACK',
  origin: 'CN',
  category: 'BUSINESS',
  visaClass: 'C-3',
  region: 'KR-11',
  port: 'ICN',
  arrivalDate: '2021-03-08',
  purpose: 'Installation of a lithography line',
  traveller: {
    primaryIdentifier: 'WANG',
    secondaryIdentifier: 'XIAO<MING',
    familyName: '王',
    givenName: '小明',
    dateOfBirth: '1985-07-21',
    nationality: 'CHN',
    documentNumber: 'EA1234567',
    passportExpiry: '2031-01-01',
  },
  consent: true,
};

/** The same lane with all three kinds of quota, small: 3 a day, 2 per port, 1 per sponsor. */
export const TIERED_LANE: Lane = {
  ...CN_KR_LANE_V1,
  id: 'CN-KR-TIERED-TEST',
  directions: CN_KR_LANE_V1.directions.map((d) =>
    d.destination === 'KR'
      ? { ...d, quota: { perDay: 3, perPortPerDay: 2, perSponsorPerDay: 1 } }
      : d,
  ),
};

/** The same lane with a small daily quota, for the concurrency test. */
export const QUOTA_LANE: Lane = {
  ...CN_KR_LANE_V1,
  id: 'CN-KR-QUOTA-TEST',
  directions: CN_KR_LANE_V1.directions.map((d) =>
    d.destination === 'KR' ? { ...d, quota: { perDay: 5 } } : d,
  ),
};

export interface Authority {
  signer: CoseSigner;
  key: CoseVerificationKey;
}

async function authority(): Promise<Authority> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const kid = crypto.getRandomValues(new Uint8Array(8));
  return {
    signer: { alg: 'ES256', privateKey: pair.privateKey, kid },
    key: { alg: 'ES256', key: pair.publicKey, kid },
  };
}

/** `lane` signed by `cn`'s authority key and countersigned by `kr`'s. */
export async function countersigned(
  lane: Lane,
  cn: Pick<Authority, 'signer'>,
  kr: Pick<Authority, 'signer'>,
): Promise<Uint8Array> {
  const signed = await signLane(lane, cn.signer);
  if (!signed.ok) throw new Error(signed.code);
  const both = await countersignLane(signed.value, kr.signer);
  if (!both.ok) throw new Error(both.code);
  return both.value;
}

export const F = {} as {
  cn: Authority;
  kr: Authority;
  v1: Uint8Array;
  quota: Uint8Array;
  tiered: Uint8Array;
  dsc: IssuedDsc;
  node: LanesNode;
  trust: DscTrustList;
};

/** Makes the fixtures (call from a suite's `beforeAll`). */
export async function makeFixtures(): Promise<void> {
  F.cn = await authority();
  F.kr = await authority();
  F.v1 = await countersigned(CN_KR_LANE_V1, F.cn, F.kr);
  F.quota = await countersigned(QUOTA_LANE, F.cn, F.kr);
  F.tiered = await countersigned(TIERED_LANE, F.cn, F.kr);
  const csca = await createCsca({ country: 'KR', commonName: 'KR test CSCA', now: NOW });
  F.dsc = await createDsc({
    csca: { certificate: csca.der, privateKey: csca.keys.privateKey },
    country: 'KR',
    commonName: 'KR entry-pass signer',
    usages: ['entry-pass'],
    now: NOW,
  });
  F.node = await createLanesNode({
    country: 'KR',
    authority: AUTHORITY,
    dscs: [{ label: 'pass-1', certificate: F.dsc.der, privateKey: F.dsc.keys.privateKey }],
  });
  F.trust = await DscTrustList.create([F.dsc.der]);
}

export const keysOf = (country: string) =>
  country === 'CN' ? [F.cn.key] : country === 'KR' ? [F.kr.key] : [];

/** The HTTP problem code a call refuses with (fails when it does not refuse). */
export async function problemCode(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof HttpProblem) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}
