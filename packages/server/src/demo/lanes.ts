import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoseVerificationKey } from '@corridor/core/cose';
import { type CryptoProvider, defaultCrypto } from '@corridor/core/crypto';
import type { BreakerSpec, Lane } from '@corridor/core/lanes';
import {
  CN_KR_LANE_V1,
  calendarDate,
  countersignLane,
  dayNumber,
  signIndicators,
  signLane,
} from '@corridor/core/lanes';
import { readDsc } from '@corridor/core/x509';
import type { Kysely } from 'kysely';
import type { NodeKeys } from '../corridor/keys.js';
import type { CorridorSchema } from '../db/schema.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { createLanesNode, type LanesConfig } from '../lanes/config.js';
import { Lanes } from '../lanes/service.js';
import { START_ACTOR } from './samples.js';
import { expectOk, type GatewayClient } from './trust.js';

const DAY = 86_400_000;

/** The lane `corridor start` runs: the CN⇄KR example (both directions), version 1. */
export const DEMO_LANE = { id: CN_KR_LANE_V1.id, version: CN_KR_LANE_V1.version } as const;

/**
 * The example lane of 2020 as a live demo can run it today: its content (categories, regions,
 * ports, quotas, health policies, arrival protocol) with a period of a year from the day
 * before `at`, and no lead time, so that the demo's traveller can be approved and fly on the
 * day of the start (the example asks 8 days to China, 14 to Korea); and a circuit breaker
 * ({@link DEMO_BREAKER}).
 */
export function demoLane(at: Date): Lane {
  const from = Math.floor(at.getTime() / DAY) * DAY - DAY;
  return {
    ...CN_KR_LANE_V1,
    effectiveFrom: from / 1000,
    effectiveTo: (from + 366 * DAY) / 1000,
    directions: CN_KR_LANE_V1.directions.map((d) => ({ ...d, leadTimeDays: 0 })),
    breakers: [DEMO_BREAKER],
  };
}

/** Where the countersigned lane document is kept in the data folder. */
export const laneDocumentFile = (dir: string) =>
  path.join(dir, 'lanes', `${DEMO_LANE.id}-v${DEMO_LANE.version}.cose`);

/** Whether the corridor's countries hold both parties of the demo lane. */
export const runsDemoLane = (countries: readonly string[]) =>
  CN_KR_LANE_V1.parties.every((p) => countries.includes(p));

/**
 * Version 1 of the demo lane, signed by China's authority and countersigned by Korea's, made
 * at the first start and kept (`lanes/CN-KR-FAST-TRACK-v1.cose`): every later start carries
 * the same bytes, as both sides agreed them once.
 */
export async function ensureLaneDocument(options: {
  dir: string;
  keys: Record<string, NodeKeys>;
  crypto: CryptoProvider;
  at: Date;
  log: (line: string) => void;
}): Promise<Uint8Array> {
  const file = laneDocumentFile(options.dir);
  if (existsSync(file)) return new Uint8Array(await readFile(file));
  const [first, second] = CN_KR_LANE_V1.parties;
  options.log(`${first} and ${second}: signing lane ${DEMO_LANE.id} v${DEMO_LANE.version}`);
  const signed = await signLane(
    demoLane(options.at),
    options.keys[first]!.authority.signer,
    options.crypto,
  );
  if (!signed.ok) throw new Error(`lane signature: ${signed.code}`);
  const both = await countersignLane(
    signed.value,
    options.keys[second]!.authority.signer,
    options.crypto,
  );
  if (!both.ok) throw new Error(`lane countersignature: ${both.code}`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, both.value);
  return both.value;
}

/** The authority keys of the corridor's countries, as WebCrypto keys (how lanes are read). */
export async function authorityKeys(
  keys: Record<string, NodeKeys>,
): Promise<(country: string) => readonly CoseVerificationKey[]> {
  const crypto = defaultCrypto();
  const map = new Map<string, CoseVerificationKey[]>();
  for (const [country, k] of Object.entries(keys)) {
    const cert = readDsc(k.authority.der);
    if (!cert.keyAlg) throw new Error(`the authority certificate of ${country} has no usable key`);
    map.set(country, [
      {
        kid: k.authority.signer.kid,
        alg: cert.keyAlg,
        key: await crypto.importPublicKey(cert.spki, cert.keyAlg, cert.curve),
      },
    ]);
  }
  return (country) => map.get(country) ?? [];
}

/**
 * The lane domain of one node: its entry-pass DSC signs the passes it approves, and the lane
 * document, when given and the country is a party, is recorded (idempotent).
 */
export async function nodeLanes(options: {
  country: string;
  authority: string;
  db: Kysely<CorridorSchema>;
  keys: NodeKeys;
  crypto: CryptoProvider;
  now: () => Date;
  lane?: { document: Uint8Array; keys: (country: string) => readonly CoseVerificationKey[] };
  /** The signed indicators and overrides of the node's synced bundle (`LanesConfig`). */
  breakerSignals?: LanesConfig['breakerSignals'];
  /** The node's synced trust bundle, for checkpoint decisions and HC1 arrival results. */
  trust?: LanesConfig['trust'];
}): Promise<Lanes> {
  const node = await createLanesNode({
    country: options.country,
    authority: { id: `${options.country}-LANE-AUTHORITY`, name: options.authority },
    dscs: [
      {
        label: `dsc-${options.country.toLowerCase()}-pass-1`,
        certificate: options.keys.pass.der,
        privateKey: options.keys.pass.keys.privateKey,
      },
    ],
    crypto: options.crypto,
    ...(options.breakerSignals ? { breakerSignals: options.breakerSignals } : {}),
    ...(options.trust ? { trust: options.trust } : {}),
    // Every port's arrivals are held at one demo facility and tested by the demo laboratory
    // account (`demo-lab`, seeded with the other demo staff).
    arrival: {
      sites: {
        '*': {
          facility: DEMO_FACILITY[options.country] ?? 'Demo quarantine facility',
          lab: 'demo-lab',
        },
      },
    },
  });
  const lanes = new Lanes(options.db, node, options.now);
  if (options.lane && CN_KR_LANE_V1.parties.includes(options.country))
    await lanes.recordVersion(options.lane.document, options.lane.keys, START_ACTOR);
  return lanes;
}

/** The holding facility named on the demo's arrivals. */
const DEMO_FACILITY: Record<string, string> = {
  KR: 'Incheon designated quarantine facility (demo)',
  CN: 'Shanghai designated quarantine hotel (demo)',
};

// ---- indicators (circuit breakers) ----

/**
 * The demo lane's breaker: the Hong Kong–Singapore bubble's rule (7-day mean of unlinked cases
 * above 5 on either side, two weeks, resume under 5), new passes suspended and passes issued
 * before the announcement honoured; in force at once (the bubble waited 2 days) so that the
 * demo's boarding check, an hour after the start, shows it.
 */
export const DEMO_BREAKER: BreakerSpec = {
  id: 'unlinked-7d',
  indicator: 'unlinked-cases',
  derive: { fn: 'mean', window: 7 },
  side: 'either',
  trip: { comparison: '>', threshold: 5 },
  leadTime: { days: 0 },
  suspension: { days: 14 },
  resumption: { comparison: '<', threshold: 5 },
  scope: 'suspend-new-passes',
  grandfathering: { policy: 'honour-issued-before-announcement' },
};

/** Each side's health authority's time zone, in which its daily figures are dated. */
export const DEMO_TIME_ZONES: Readonly<Record<string, string>> = {
  CN: 'Asia/Shanghai',
  KR: 'Asia/Seoul',
};

/** A week of unlinked cases, quiet (mean about 1.1), oldest first. */
const SAMPLE_WEEK = [1, 0, 2, 1, 3, 0, 1] as const;
/** The day's figure the printed spike publishes: the 7-day mean goes above 5. */
export const SPIKE_VALUE = 40;

/** The calendar date (`YYYY-MM-DD`) at `at` in `timeZone`. */
export const localDate = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);

/**
 * The sequence number of the demo's documents of `date`: the week published at a start is
 * `2n`, the printed spike `2n + 1` (n the day number), so each day's start publishes anew.
 */
export const demoSequence = (date: string, spike: boolean) =>
  dayNumber(date)! * 2 + (spike ? 1 : 0);

/**
 * Each side's health authority publishes the last week of its daily unlinked cases (the 7 days
 * before the start's local date), signed with its authority key, through the gateway
 * (`POST /indicators`, as `corridor lane indicators publish` does): the lane is open. A second
 * start on the same day finds the week published (the gateway answers the sequence number as
 * taken) and goes on.
 */
export async function publishSampleIndicators(options: {
  gateway: GatewayClient;
  keys: Record<string, NodeKeys>;
  crypto: CryptoProvider;
  at: Date;
  log: (line: string) => void;
}): Promise<void> {
  for (const country of CN_KR_LANE_V1.parties) {
    const timeZone = DEMO_TIME_ZONES[country]!;
    const today = localDate(options.at, timeZone);
    const first = dayNumber(today)! - SAMPLE_WEEK.length;
    const document = await signIndicators(
      {
        country,
        indicator: DEMO_BREAKER.indicator!,
        timeZone,
        sequence: demoSequence(today, false),
        issuedAt: Math.floor(options.at.getTime() / 1000) - 60,
        points: SAMPLE_WEEK.map((value, i) => ({ date: calendarDate(first + i), value })),
      },
      options.keys[country]!.authority.signer,
      options.crypto,
    );
    const res = await options.gateway.signed('/indicators', country, 'indicators.publish', {
      document,
    });
    if (res.status === 409) {
      const problem = (await res.json().catch(() => ({}))) as { title?: string };
      if (problem.title === 'INDICATORS_SEQUENCE_CONFLICT') continue;
      throw new Error(`POST /indicators ${country}: ${problem.title}`);
    }
    await expectOk(res, `POST /indicators ${country}`);
    options.log(`${country}: a week of unlinked cases published to the gateway`);
  }
}

/**
 * Submits the co-signed lane version to the gateway as `party`'s signed request
 * (`POST /lanes/versions`); the same bytes again on a later start are answered as a repeat.
 */
export async function submitLaneVersion(
  gateway: GatewayClient,
  party: string,
  document: Uint8Array,
  log: (line: string) => void,
): Promise<void> {
  const res = await gateway.signed('/lanes/versions', party, 'lane.version', { document });
  await expectOk(res, 'POST /lanes/versions');
  const body = (await res.json()) as { created?: boolean };
  if (body.created !== false) log(`${party}: lane version submitted to the gateway`);
}
