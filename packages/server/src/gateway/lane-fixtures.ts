/**
 * Test support for lanes at the gateway: a gateway on a given database with CN, KR and JP
 * onboarded (their authority certificates sign lanes), its HTTP app, and helpers to send
 * signed requests and to countersign lane versions. Not used by production code.
 */
import { defaultCrypto } from '@corridor/core/crypto';
import type { Lane } from '@corridor/core/lanes';
import { CN_KR_LANE_V1, countersignLane, signLane } from '@corridor/core/lanes';
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { gatewayApp } from './app.js';
import { type CountryKeys, createAnchor, createCountryKeys } from './fixtures.js';
import { onboardParticipant } from './participants.js';
import { Gateway } from './service.js';
import { signGatewayRequest } from './signed-request.js';

export const OPERATOR_TOKEN = 'operator-secret';
const crypto = defaultCrypto();

/** The keys of CN, KR and JP (made once per test file: key generation is slow). */
export async function laneCountries(
  keysAt: Date,
): Promise<Record<'CN' | 'KR' | 'JP', CountryKeys>> {
  const [CN, KR, JP] = await Promise.all(
    (['CN', 'KR', 'JP'] as const).map((c) => createCountryKeys(c, keysAt)),
  );
  return { CN: CN!, KR: KR!, JP: JP! };
}

/** A gateway on `db` with the given countries onboarded, and its app. */
export async function laneGateway(
  db: Kysely<CorridorSchema>,
  countries: readonly CountryKeys[],
  clock: () => Date,
) {
  const anchor = await createAnchor();
  const gateway = new Gateway(db, {
    id: 'corridor-lane-test-gateway',
    anchor: anchor.signer,
    anchorKey: anchor.key,
    crypto,
    now: clock,
  });
  for (const keys of countries)
    await onboardParticipant(
      db,
      gateway.config,
      {
        country: keys.country,
        name: `Health authority ${keys.country}`,
        uploadCertificate: keys.upload.der,
        authorityCertificate: keys.authority.der,
        cscas: [keys.csca.der],
      },
      'operator',
    );
  const app = gatewayApp(gateway, { operatorToken: OPERATOR_TOKEN });
  /** Sends a request signed with `keys`' upload key. */
  const signed = async (
    path: string,
    keys: CountryKeys,
    action: string,
    body: Record<string, unknown>,
  ) => {
    const bytes = await signGatewayRequest(
      { country: keys.country, action, iat: Math.floor(clock().getTime() / 1000), body },
      keys.uploadSigner,
      crypto,
    );
    return app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/cose' },
      body: bytes as BodyInit,
    });
  };
  return { anchor, gateway, app, signed };
}

/** `lane` signed by `first`'s authority and countersigned by `second`'s. */
export async function countersignedLane(
  lane: Lane,
  first: CountryKeys,
  second: CountryKeys,
): Promise<Uint8Array> {
  const signed = await signLane(lane, first.authoritySigner, crypto);
  if (!signed.ok) throw new Error(signed.code);
  const both = await countersignLane(signed.value, second.authoritySigner, crypto);
  if (!both.ok) throw new Error(both.code);
  return both.value;
}

/** Version 2 of the CN⇄KR lane: a RESEARCH category on CN→KR from `effectiveFrom` (seconds). */
export function researchAmendment(effectiveFrom: number): Lane {
  const v2: Lane = structuredClone(CN_KR_LANE_V1);
  v2.version = 2;
  v2.supersedes = 1;
  v2.effectiveFrom = effectiveFrom;
  v2.directions[1]!.categories.push({
    code: 'RESEARCH',
    names: { en: 'Research', zh: '科研', ko: '연구' },
  });
  return v2;
}
