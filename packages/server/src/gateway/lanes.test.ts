/**
 * Lane versions over HTTP at the gateway: a party records a countersigned version with a
 * signed request; both signatures, the submitter and the supersedes chain are checked; every
 * version is kept, listed, logged in the transparency log, and carried by the signed bundle.
 */
import { defaultCrypto } from '@corridor/core/crypto';
import type { Lane } from '@corridor/core/lanes';
import { CN_KR_LANE_V1 } from '@corridor/core/lanes';
import { toHex } from '@corridor/core/lib';
import { loadTrustBundle } from '@corridor/core/trust';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import type { CountryKeys } from './fixtures.js';
import {
  countersignedLane,
  laneCountries,
  laneGateway,
  researchAmendment,
} from './lane-fixtures.js';

const NOW = new Date('2021-02-20T09:00:00Z');
const crypto = defaultCrypto();
const s = (iso: string) => Date.parse(iso) / 1000;

/** v2: a RESEARCH category on CN→KR from 9 March 2021. */
const V2: Lane = researchAmendment(s('2021-03-09T00:00:00Z'));

let K: Record<'CN' | 'KR' | 'JP', CountryKeys>;
const D = {} as { v1: Uint8Array; v2: Uint8Array; v2other: Uint8Array; v3skip: Uint8Array };
beforeAll(async () => {
  K = await laneCountries(new Date('2021-01-01T00:00:00Z'));
  D.v1 = await countersignedLane(CN_KR_LANE_V1, K.CN, K.KR);
  D.v2 = await countersignedLane(V2, K.KR, K.CN);
  D.v2other = await countersignedLane(
    { ...V2, effectiveFrom: s('2021-03-10T00:00:00Z') },
    K.KR,
    K.CN,
  );
  D.v3skip = await countersignedLane({ ...V2, version: 3, supersedes: 1 }, K.CN, K.KR);
}, 180_000);

forEachEngine('gateway lane versions over HTTP', (engine) => {
  let database: Database;
  let G: Awaited<ReturnType<typeof laneGateway>>;
  const problem = async (res: Response) =>
    [res.status, ((await res.json()) as { title?: string }).title] as const;
  const trustVersion = async () =>
    Number(
      (await database.db.selectFrom('trust_versions').select('version').executeTakeFirstOrThrow())
        .version,
    );

  beforeAll(async () => {
    database = await engine.open();
    G = await laneGateway(database.db, [K.CN, K.KR, K.JP], () => NOW);
  }, 180_000);

  it('refuses what does not check, changing nothing', async () => {
    const before = await trustVersion();
    // A version 2 before version 1: the chain starts at 1.
    expect(
      await problem(await G.signed('/lanes/versions', K.KR, 'lane.version', { document: D.v2 })),
    ).toEqual([409, 'LANE_VERSION_CHAIN']);
    // Only one signature (the first party's signed document, not countersigned).
    const { signLane } = await import('@corridor/core/lanes');
    const single = await signLane(CN_KR_LANE_V1, K.CN.authoritySigner, crypto);
    expect(
      await problem(
        await G.signed('/lanes/versions', K.CN, 'lane.version', {
          document: single.ok ? single.value : new Uint8Array(),
        }),
      ),
    ).toEqual([422, 'LANE_DOCUMENT_INVALID']);
    // Countersigned by a DSC instead of KR's authority.
    const dscSigned = await countersignedLane(CN_KR_LANE_V1, K.CN, {
      ...K.KR,
      authoritySigner: {
        alg: K.KR.dsc.keys.alg,
        privateKey: K.KR.dsc.keys.privateKey,
        kid: K.KR.dsc.kid,
      },
    });
    expect(
      await problem(
        await G.signed('/lanes/versions', K.KR, 'lane.version', { document: dscSigned }),
      ),
    ).toEqual([422, 'LANE_DOCUMENT_INVALID']);
    // A country that is not a party.
    expect(
      await problem(await G.signed('/lanes/versions', K.JP, 'lane.version', { document: D.v1 })),
    ).toEqual([403, 'REQUEST_WRONG_PARTICIPANT']);
    // Signed for another action, no document, not a byte string, unsigned, wrong type.
    expect(
      await problem(await G.signed('/lanes/versions', K.KR, 'dsc.upload', { document: D.v1 })),
    ).toEqual([403, 'REQUEST_WRONG_PARTICIPANT']);
    expect(await problem(await G.signed('/lanes/versions', K.KR, 'lane.version', {}))).toEqual([
      400,
      'REQUEST_MALFORMED',
    ]);
    expect(
      await problem(await G.signed('/lanes/versions', K.KR, 'lane.version', { document: 'x' })),
    ).toEqual([400, 'REQUEST_MALFORMED']);
    expect(
      await problem(
        await G.app.request('/lanes/versions', {
          method: 'POST',
          headers: { 'content-type': 'application/cose' },
          body: D.v1 as BodyInit,
        }),
      ),
    ).toEqual([400, 'REQUEST_MALFORMED']);
    expect(
      await problem(
        await G.app.request('/lanes/versions', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
      ),
    ).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await trustVersion()).toBe(before);
    expect(await (await G.app.request('/lanes/versions')).json()).toEqual({ versions: [] });
  });

  it('records v1 and its amendment v2, keeps both, logs each and bundles them', async () => {
    const before = await trustVersion();
    const r1 = await G.signed('/lanes/versions', K.KR, 'lane.version', { document: D.v1 });
    expect(r1.status).toBe(200);
    expect(await r1.json()).toEqual({
      id: 'CN-KR-FAST-TRACK',
      version: 1,
      trustVersion: before + 1,
      created: true,
    });
    // The same bytes again (a retry): no change.
    const again = await G.signed('/lanes/versions', K.CN, 'lane.version', { document: D.v1 });
    expect(await again.json()).toMatchObject({ version: 1, trustVersion: null, created: false });
    expect(await trustVersion()).toBe(before + 1);
    // Skipping a version, and amending v1 when v2 is the latest, break the chain.
    expect(
      await problem(
        await G.signed('/lanes/versions', K.CN, 'lane.version', { document: D.v3skip }),
      ),
    ).toEqual([409, 'LANE_VERSION_CHAIN']);
    const r2 = await G.signed('/lanes/versions', K.CN, 'lane.version', { document: D.v2 });
    expect(await r2.json()).toMatchObject({ version: 2, created: true });
    // Other bytes under a recorded version.
    expect(
      await problem(
        await G.signed('/lanes/versions', K.KR, 'lane.version', { document: D.v2other }),
      ),
    ).toEqual([409, 'LANE_VERSION_CONFLICT']);
    expect(
      await problem(
        await G.signed('/lanes/versions', K.CN, 'lane.version', { document: D.v3skip }),
      ),
    ).toEqual([409, 'LANE_VERSION_CHAIN']);

    const list = (await (await G.app.request('/lanes/versions?lane=CN-KR-FAST-TRACK')).json()) as {
      versions: {
        version: number;
        supersedes: number | null;
        recordedBy: string;
        sha256: string;
      }[];
    };
    expect(list.versions.map((v) => [v.version, v.supersedes, v.recordedBy])).toEqual([
      [1, null, 'KR'],
      [2, 1, 'CN'],
    ]);
    expect(list.versions[1]!.sha256).toBe(toHex(await crypto.sha256(D.v2)));
    const one = await G.app.request('/lanes/CN-KR-FAST-TRACK/versions/2');
    const body = (await one.json()) as { document: string; lane: Lane };
    expect(Buffer.from(body.document, 'base64')).toEqual(Buffer.from(D.v2));
    expect(body.lane.directions[1]!.categories.map((c) => c.code)).toContain('RESEARCH');
    expect(await problem(await G.app.request('/lanes/CN-KR-FAST-TRACK/versions/9'))).toEqual([
      404,
      'LANE_VERSION_NOT_FOUND',
    ]);
    expect((await G.app.request('/lanes/not%20a%20lane/versions/1')).status).toBe(400);
    expect((await G.app.request('/lanes/versions?lane=%00')).status).toBe(400);

    // Each recording is a leaf of the transparency log naming the document's hash.
    const changes = await database.db
      .selectFrom('changes')
      .select(['type', 'object_id'])
      .where('type', '=', 'lane.version')
      .orderBy('version')
      .execute();
    expect(changes.map((c) => c.object_id)).toEqual([
      `CN-KR-FAST-TRACK/1#${toHex(await crypto.sha256(D.v1))}`,
      `CN-KR-FAST-TRACK/2#${toHex(await crypto.sha256(D.v2))}`,
    ]);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'lane.version')
      .execute();
    expect(audit).toHaveLength(2);

    // The signed bundle carries both; offline, v1 governs until 9 March, v2 after.
    const res = await G.app.request('/bundle');
    const loaded = await loadTrustBundle(new Uint8Array(await res.arrayBuffer()), {
      anchors: [G.anchor.key],
      at: NOW,
      crypto,
    });
    if (!loaded.ok) throw new Error(loaded.code);
    expect(loaded.value.rejected).toEqual([]);
    expect(loaded.value.lanes().map((l) => l.version)).toEqual([1, 2]);
    expect(loaded.value.laneAt('CN-KR-FAST-TRACK', NOW)?.version).toBe(1);
    expect(loaded.value.laneAt('CN-KR-FAST-TRACK', new Date('2021-03-09T00:00:00Z'))?.version).toBe(
      2,
    );
  });
});
