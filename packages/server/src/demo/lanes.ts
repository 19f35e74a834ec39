import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoseVerificationKey } from '@corridor/core/cose';
import { type CryptoProvider, defaultCrypto } from '@corridor/core/crypto';
import type { Lane } from '@corridor/core/lanes';
import { CN_KR_LANE_V1, countersignLane, signLane } from '@corridor/core/lanes';
import { readDsc } from '@corridor/core/x509';
import type { Kysely } from 'kysely';
import type { NodeKeys } from '../corridor/keys.js';
import type { CorridorSchema } from '../db/schema.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { createLanesNode } from '../lanes/config.js';
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
 * day of the start (the example asks 8 days to China, 14 to Korea).
 */
export function demoLane(at: Date): Lane {
  const from = Math.floor(at.getTime() / DAY) * DAY - DAY;
  return {
    ...CN_KR_LANE_V1,
    effectiveFrom: from / 1000,
    effectiveTo: (from + 366 * DAY) / 1000,
    directions: CN_KR_LANE_V1.directions.map((d) => ({ ...d, leadTimeDays: 0 })),
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
  });
  const lanes = new Lanes(options.db, node, options.now);
  if (options.lane && CN_KR_LANE_V1.parties.includes(options.country))
    await lanes.recordVersion(options.lane.document, options.lane.keys, START_ACTOR);
  return lanes;
}

// ---- indicators (circuit breakers) ----
// The demo does not yet feed the lane's indicators (case counts, test positivity) that trip its
// circuit breaker. When the breaker lands, publish the demo's indicator series here, after the
// lane is recorded (`nodeLanes`) and before the traveller runs (`runLaneDemo`), so that a
// printed check can show the lane open, and a command can show it suspended.

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
