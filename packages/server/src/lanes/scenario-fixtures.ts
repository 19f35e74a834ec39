/**
 * The two-direction CN⇄KR world of the acceptance scenario (test support only): a gateway with
 * CN and KR onboarded, their health DSCs and an active recognition agreement for tests, and
 * both national nodes running the lane (each with its own database, entry-pass DSC, sponsor
 * and authority tokens, the lane API over HTTP), all on one injected clock.
 */
import type { CoseVerificationKey } from '@corridor/core/cose';
import { defaultCrypto } from '@corridor/core/crypto';
import { issueHcert } from '@corridor/core/issue';
import { mrzCheckDigit } from '@corridor/core/mrz';
import {
  countersignAgreement,
  loadTrustBundle,
  signAgreement,
  type TrustBundle,
} from '@corridor/core/trust';
import type { Database } from '../db/database.js';
import type { IssuanceRole } from '../db/schema.js';
import type { CountryKeys } from '../gateway/fixtures.js';
import { laneGateway } from '../gateway/lane-fixtures.js';
import { createToken, type Scope } from '../issuance/accounts.js';
import { createDsc } from '../pki/dsc.js';
import { lanesApp } from './app.js';
import { createLanesNode } from './config.js';
import { Lanes } from './service.js';

const crypto = defaultCrypto();
export const GATEWAY_URL = 'http://gateway.test/';
const ADMIN = { id: 'operator/start', account: 'operator' };

/** A TD3 passport MRZ with valid check digits (dates `YYMMDD`). */
export function td3(p: {
  state: string;
  surname: string;
  given: string;
  number: string;
  nationality: string;
  birth: string;
  sex: 'F' | 'M' | '<';
  expiry: string;
}): string {
  const line1 = `P<${p.state}${p.surname}<<${p.given}`.padEnd(44, '<').slice(0, 44);
  const doc = p.number.padEnd(9, '<');
  const personal = '<'.repeat(14);
  const parts = [
    `${doc}${mrzCheckDigit(doc)}`,
    `${p.birth}${mrzCheckDigit(p.birth)}`,
    `${p.expiry}${mrzCheckDigit(p.expiry)}`,
    `${personal}${mrzCheckDigit(personal)}`,
  ];
  const composite = mrzCheckDigit(parts.join(''));
  return `${line1}\n${parts[0]}${p.nationality}${parts[1]}${p.sex}${parts[2]}${parts[3]}${composite}`;
}

/** One national node running the lane. */
export interface ScenarioNode {
  lanes: Lanes;
  app: ReturnType<typeof lanesApp>;
  tokens: { sponsor: string; authority: string; desk: string; lab: string };
  /** Sends a JSON request with a bearer token to the node's lane API. */
  call(method: string, path: string, token: string, body?: unknown): Promise<Response>;
}

/** The authority keys a node trusts for lane documents (from the onboarded certificates). */
export function authorityKeys(keys: Record<string, CountryKeys>) {
  return (country: string): CoseVerificationKey[] => {
    const k = keys[country];
    return k
      ? [{ alg: k.authority.keys.alg, key: k.authority.keys.publicKey, kid: k.authoritySigner.kid }]
      : [];
  };
}

/** The gateway, with CN and KR onboarded, their health DSCs uploaded and tests recognised. */
export async function scenarioGateway(
  db: Database,
  keys: Record<'CN' | 'KR', CountryKeys>,
  clock: () => Date,
) {
  const G = await laneGateway(db.db, [keys.CN, keys.KR], clock);
  const ok = async (res: Response, what: string) => {
    if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  };
  for (const k of [keys.CN, keys.KR])
    await ok(await G.signed('/dscs', k, 'dsc.upload', { certificate: k.dsc.der }), 'DSC upload');
  const t = Math.floor(clock().getTime() / 1000);
  const agreement = {
    id: 'CN-KR-2021',
    parties: ['CN', 'KR'] as [string, string],
    recognitions: [
      { verifier: 'KR', issuer: 'CN', types: ['test' as const] },
      { verifier: 'CN', issuer: 'KR', types: ['test' as const] },
    ],
    validFrom: t - 86400,
    validTo: t + 365 * 86400,
  };
  const doc = await signAgreement(agreement, keys.CN.authoritySigner, crypto);
  await ok(
    await G.signed('/agreements/propose', keys.CN, 'agreement.propose', {
      id: agreement.id,
      document: doc,
    }),
    'propose',
  );
  const counter = await countersignAgreement(doc, keys.KR.authoritySigner, crypto);
  await ok(
    await G.signed('/agreements/countersign', keys.KR, 'agreement.countersign', {
      id: agreement.id,
      document: counter,
    }),
    'countersign',
  );
  await ok(
    await G.signed('/agreements/activate', keys.KR, 'agreement.activate', { id: agreement.id }),
    'activate',
  );
  /** The gateway's signed bundle as a verifier loads it at `clock()`. */
  const bundle = async (): Promise<TrustBundle> => {
    const res = await G.app.request('/bundle');
    const loaded = await loadTrustBundle(new Uint8Array(await res.arrayBuffer()), {
      anchors: [G.anchor.key],
      at: clock(),
      crypto,
    });
    if (!loaded.ok) throw new Error(`bundle: ${loaded.code}`);
    return loaded.value;
  };
  /** `fetch` for the nodes, answered by the gateway's app. */
  const fetch = (url: string, init: RequestInit) => Promise.resolve(G.app.request(url, init));
  return { ...G, bundle, fetch };
}

/**
 * A national node of `keys.country` running the lane: an entry-pass DSC from its CSCA, the
 * lane versions given, uploaded DSC, a sponsor and an authority token, the HTTP app.
 */
export async function scenarioNode(
  db: Database,
  keys: CountryKeys,
  options: {
    clock: () => Date;
    keysAt: Date;
    versions: readonly Uint8Array[];
    trustedAuthorities: (country: string) => CoseVerificationKey[];
    sponsor: { id: string; name: string; country: string };
    fetch: (url: string, init: RequestInit) => Promise<Response>;
    /** The node's trust bundle (checkpoint decisions and HC1 arrival results use it). */
    trust?: () => Promise<TrustBundle>;
    /** The port where arrivals are held and tested, and its designated laboratory's account. */
    arrivalSite?: { port: string; lab: string };
  },
): Promise<ScenarioNode> {
  const dsc = await createDsc({
    csca: { certificate: keys.csca.der, privateKey: keys.csca.keys.privateKey },
    country: keys.country,
    commonName: `Corridor entry passes ${keys.country}`,
    usages: ['entry-pass'],
    now: options.keysAt,
  });
  const node = await createLanesNode({
    country: keys.country,
    authority: { id: `${keys.country}-LANE-AUTHORITY`, name: `Lane authority ${keys.country}` },
    dscs: [{ label: 'pass-1', certificate: dsc.der, privateKey: dsc.keys.privateKey }],
    ...(options.trust ? { trust: options.trust } : {}),
    ...(options.arrivalSite
      ? {
          arrival: {
            sites: {
              [options.arrivalSite.port]: {
                facility: `Quarantine facility ${options.arrivalSite.port}`,
                lab: options.arrivalSite.lab,
              },
            },
          },
        }
      : {}),
  });
  const lanes = new Lanes(db.db, node, options.clock);
  for (const v of options.versions) await lanes.recordVersion(v, options.trustedAuthorities, ADMIN);
  await lanes.uploadDscs({
    gatewayUrl: GATEWAY_URL,
    uploadSigner: keys.uploadSigner,
    crypto,
    fetch: options.fetch,
  });
  const token = async (account: string, role: IssuanceRole, scope: Scope) =>
    (
      await createToken(
        db.db,
        { account, role, scopes: [scope] },
        { actor: ADMIN, now: options.clock() },
      )
    ).token;
  const cc = keys.country.toLowerCase();
  const tokens = {
    authority: await token(`${cc}-authority`, 'authority', 'lane.decide'),
    sponsor: await token(options.sponsor.id, 'sponsor', 'lane.apply'),
    desk: await token(`${cc}-border-desk`, 'checkpoint', 'lane.check'),
    lab: await token(options.arrivalSite?.lab ?? `${cc}-lab`, 'laboratory', 'lane.lab'),
  };
  const app = lanesApp(lanes);
  const call = (method: string, path: string, token: string, body?: unknown) =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
  const registered = await call('POST', '/lanes/sponsors', tokens.authority, options.sponsor);
  if (registered.status !== 201) throw new Error(`sponsor: ${await registered.text()}`);
  return { lanes, app, tokens, call };
}

/** A negative NAAT (PCR) test certificate issued by `keys`' health DSC, sampled at `sc`. */
export function pcrCertificate(
  keys: CountryKeys,
  holder: { fn: string; gn: string; fnt: string; gnt: string; dob: string },
  sc: Date,
): Promise<string> {
  const { dob, ...nam } = holder;
  return issueHcert(
    {
      ver: '1.3.0',
      nam,
      dob,
      t: [
        {
          tg: '840539006',
          tt: 'LP6464-4',
          nm: 'PCR',
          sc: sc.toISOString().replace('.000Z', 'Z'),
          tr: '260415000',
          tc: `Designated laboratory ${keys.country}`,
          co: keys.country,
          is: `Health authority ${keys.country}`,
          ci: `URN:UVCI:01:${keys.country}:PCR${sc.getTime()}`,
        },
      ],
    },
    {
      signer: {
        alg: keys.dsc.keys.alg,
        privateKey: keys.dsc.keys.privateKey,
        kid: keys.dsc.kid,
        country: keys.country,
      },
      at: sc,
      expiresAt: new Date(sc.getTime() + 30 * 86_400_000),
    },
  );
}
