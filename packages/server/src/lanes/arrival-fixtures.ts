/**
 * Fixtures of the checkpoint and arrival tests: real key material for CN and KR (CSCAs, DSCs,
 * authority certificates), the CN-KR lane v1 countersigned by both authorities, a recognition
 * agreement (KR accepts CN tests), a KR entry-pass DSC, and a gateway-signed trust bundle
 * carrying all of it, which a node stores in `bundles` and opens with `BundleSync` exactly as
 * after a sync. Test support only.
 */
import { defaultCrypto } from '@corridor/core/crypto';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { issueHcert } from '@corridor/core/issue';
import { CN_KR_LANE_V1 } from '@corridor/core/lanes';
import { countersignAgreement, signAgreement, signTrustBundle } from '@corridor/core/trust';
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { type CountryKeys, createAnchor, createCountryKeys } from '../gateway/fixtures.js';
import { BundleSync } from '../node/sync.js';
import { createDsc, type IssuedDsc } from '../pki/dsc.js';
import { type ArrivalConfig, createLanesNode, type LanesNode } from './config.js';
import { AUTHORITY, countersigned, NOW } from './test-fixtures.js';

const crypto = defaultCrypto();
const s = (d: Date) => Math.floor(d.getTime() / 1000);

/** The designated site of Incheon in the tests. */
export const ARRIVAL_CONFIG: ArrivalConfig = {
  sites: { ICN: { facility: 'Incheon Airport quarantine facility 2', lab: 'lab-icn' } },
  noShowHours: 6,
  resultGraceHours: 12,
};

export const A = {} as {
  anchor: Awaited<ReturnType<typeof createAnchor>>;
  cn: CountryKeys;
  kr: CountryKeys;
  passDsc: IssuedDsc;
  /** The lane document both authorities signed (their certificate keys). */
  lane: Uint8Array;
  /** The bundle's bytes (version 1, valid NOW to NOW + 60 days). */
  bundle: Uint8Array;
};

/** Makes the key material, the lane document and the bundle (call from `beforeAll`). */
export async function makeArrivalFixtures(): Promise<void> {
  A.anchor = await createAnchor();
  A.cn = await createCountryKeys('CN', NOW);
  A.kr = await createCountryKeys('KR', NOW);
  A.passDsc = await createDsc({
    csca: { certificate: A.kr.csca.der, privateKey: A.kr.csca.keys.privateKey },
    country: 'KR',
    commonName: 'KR entry-pass signer',
    usages: ['entry-pass'],
    now: NOW,
  });
  A.lane = await countersigned(
    CN_KR_LANE_V1,
    { signer: A.cn.authoritySigner },
    { signer: A.kr.authoritySigner },
  );
  A.bundle = await signArrivalBundle(A.lane);
}

/**
 * A trust bundle signed by {@link A}'s anchor (version 1, valid NOW to NOW + 60 days) carrying
 * CN's and KR's certificates, KR's entry-pass DSC, the CN-KR recognition agreement both
 * authorities signed, and `lane` (a countersigned lane document). Call after
 * {@link makeArrivalFixtures}.
 */
export async function signArrivalBundle(
  lane: Uint8Array,
  ruleSets: readonly Uint8Array[] = [],
): Promise<Uint8Array> {
  const agreement = await countersignAgreement(
    await signAgreement(
      {
        id: 'CN-KR-2021',
        parties: ['CN', 'KR'],
        recognitions: [
          { verifier: 'KR', issuer: 'CN', types: ['vaccination', 'test', 'recovery'] },
          { verifier: 'CN', issuer: 'KR', types: ['vaccination', 'test', 'recovery'] },
        ],
        validFrom: s(new Date('2021-01-01T00:00:00Z')),
        validTo: s(new Date('2022-01-01T00:00:00Z')),
      },
      A.cn.authoritySigner,
      crypto,
    ),
    A.kr.authoritySigner,
    crypto,
  );
  return signTrustBundle(
    {
      version: 1,
      issuedAt: s(NOW),
      expiresAt: s(NOW) + 60 * 86_400,
      gateway: 'test-gateway',
      countries: [A.cn, A.kr].map((c) => ({
        country: c.country,
        cscas: [c.csca.der],
        dscs: [
          { der: c.dsc.der, kid: c.dsc.kid },
          ...(c.country === 'KR' ? [{ der: A.passDsc.der, kid: A.passDsc.kid }] : []),
        ],
        authorities: [c.authority.der],
      })),
      revokedKids: [],
      revocations: [],
      ruleSets: [...ruleSets],
      valueSets: [],
      agreements: [{ document: agreement, status: 'active' }],
      lanes: [lane],
    },
    A.anchor.signer,
    crypto,
  );
}

/** The authority keys that signed the lane, for `Lanes.recordVersion`. */
export const laneKeysOf = (country: string) => {
  const c = country === 'CN' ? A.cn : country === 'KR' ? A.kr : undefined;
  return c
    ? [{ alg: c.authoritySigner.alg, key: c.authority.keys.publicKey, kid: c.authoritySigner.kid }]
    : [];
};

/**
 * A KR node as after a sync: the bundle stored in `bundles`, opened by `BundleSync` at `now()`,
 * the entry-pass DSC, and the arrival sites (`arrival: false` leaves them out).
 */
export async function arrivalNode(
  db: Kysely<CorridorSchema>,
  now: () => Date,
  options: { arrival?: ArrivalConfig | false; withBundle?: boolean } = {},
): Promise<LanesNode> {
  if (options.withBundle !== false)
    await db
      .insertInto('bundles')
      .values({
        version: 1,
        issued_at: NOW,
        expires_at: new Date(NOW.getTime() + 60 * 86_400_000),
        cose: A.bundle,
        etag: '"test-bundle-1"',
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  // Opened with the node's provider, as `corridor start` does: the decision verifies with it.
  const nodeCrypto = nodeCryptoProvider();
  const spki = new Uint8Array(
    await globalThis.crypto.subtle.exportKey('spki', A.anchor.key.key as CryptoKey),
  );
  const anchor = {
    kid: A.anchor.key.kid,
    alg: 'ES256' as const,
    key: await nodeCrypto.importPublicKey(spki, 'ES256'),
  };
  const sync = new BundleSync({
    db,
    gatewayUrl: 'http://127.0.0.1:9',
    anchors: [anchor],
    crypto: nodeCrypto,
    now,
  });
  const arrival = options.arrival === false ? undefined : (options.arrival ?? ARRIVAL_CONFIG);
  return createLanesNode({
    country: 'KR',
    authority: AUTHORITY,
    dscs: [{ label: 'pass-1', certificate: A.passDsc.der, privateKey: A.passDsc.keys.privateKey }],
    trust: () => sync.trust(),
    ...(arrival ? { arrival } : {}),
  });
}

/** An HC1 test certificate for the test traveller (WANG XIAO<MING, 1985-07-21). */
export function testCertificate(
  country: 'CN' | 'KR',
  options: {
    sampledAt: Date;
    result?: 'negative' | 'positive';
    issuedAt?: Date;
    names?: { fnt: string; gnt: string };
  },
): Promise<string> {
  const keys = country === 'CN' ? A.cn : A.kr;
  const issuedAt = options.issuedAt ?? new Date(options.sampledAt.getTime() + 6 * 3_600_000);
  return issueHcert(
    {
      ver: '1.3.0',
      nam: { fn: '王', gn: '小明', ...(options.names ?? { fnt: 'WANG', gnt: 'XIAO<MING' }) },
      dob: '1985-07-21',
      t: [
        {
          tg: '840539006',
          tt: 'LP6464-4',
          nm: 'PCR',
          sc: options.sampledAt.toISOString().replace('.000Z', 'Z'),
          tr: options.result === 'positive' ? '260373001' : '260415000',
          tc: country === 'CN' ? 'Beijing Designated Laboratory 3' : 'Incheon Airport Laboratory',
          co: country,
          is: country === 'CN' ? 'National Health Commission' : 'KDCA',
          ci: `URN:UVCI:01:${country}:PCR${options.sampledAt.getTime()}`,
        },
      ],
    },
    {
      signer: {
        alg: keys.dsc.keys.alg,
        privateKey: keys.dsc.keys.privateKey,
        kid: keys.dsc.kid,
        country,
      },
      at: issuedAt,
      expiresAt: new Date(issuedAt.getTime() + 30 * 86_400_000),
    },
  );
}
