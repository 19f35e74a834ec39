/**
 * Circuit breakers end to end, on both engines, over the gateway's HTTP API: each side's
 * health authority publishes signed indicators → Korea's figures trip the lane's breaker →
 * the signed bundle carries the figures → an offline boarding check after the effective time
 * refuses a pass issued after the announcement and admits one issued before → the breaker
 * ends on the resumption test → new passes are admitted again. The state is the same from the
 * bundle and from the documents listed by the gateway, in any order (fast-check, global seed).
 */
import type { CoseVerificationKey } from '@corridor/core/cose';
import { defaultCrypto } from '@corridor/core/crypto';
import { issueHcert } from '@corridor/core/issue';
import type { Lane } from '@corridor/core/lanes';
import {
  CN_KR_LANE_V1,
  calendarDate,
  countersignLane,
  dayNumber,
  decideCheckpoint,
  laneBreakerState,
  readCountersignedLane,
  readIndicators,
  signIndicators,
  signLane,
  signOverride,
} from '@corridor/core/lanes';
import { fromBase64 } from '@corridor/core/lib';
import { issueEntryPass } from '@corridor/core/pass';
import type { TrustSource } from '@corridor/core/trust';
import { loadTrustBundle, type TrustBundle } from '@corridor/core/trust';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { unlinkedCasesRule } from '../../../core/test-support/breakers.js';
import { holderPcr, PASS_INPUT, PASS_MRZ } from '../../../core/test-support/entry-pass.js';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { createDsc, type IssuedDsc } from '../pki/dsc.js';
import { type CountryKeys, createCountryKeys } from './fixtures.js';
import { verificationKeyOf } from './participant-record.js';
import { onboardAll, signedInit, type TestGateway, testGateway } from './test-gateway.js';

const crypto = defaultCrypto();
const KEYS_FROM = new Date('2021-01-01T00:00:00Z');
const s = (iso: string) => Date.parse(iso) / 1000;
const LANE_ID = CN_KR_LANE_V1.id;

/** Hong Kong–Singapore's rule on either side's unlinked cases, suspending new passes. */
const BREAKER = unlinkedCasesRule();
const LANE: Lane = {
  ...structuredClone(CN_KR_LANE_V1),
  effectiveFrom: s('2021-02-01T00:00:00Z'),
  breakers: [BREAKER],
};

/** Day D's figure is published on D+1 at 10:00 in the country's time zone (both UTC+8/+9). */
const SIDES = {
  CN: { tz: 'Asia/Shanghai', offset: '+08:00' },
  KR: { tz: 'Asia/Seoul', offset: '+09:00' },
} as const;
/** Korea's unlinked cases: quiet, 40 on 2 March (7-day mean 52/7 > 5), quiet again. */
const krValue = (date: string) => (date === '2021-03-02' ? 40 : 2);

forEachEngine('circuit breakers end to end', (engine) => {
  let database: Database;
  let gateway: TestGateway;
  let cn: CountryKeys;
  let kr: CountryKeys;
  let passDsc: IssuedDsc;
  let lane: Lane;
  let clock = KEYS_FROM;
  const seq = { CN: 0, KR: 0 };
  const authority = new Map<string, CoseVerificationKey[]>();

  /** The typed client's options of a request of `keys` signed at the test's clock. */
  const signedNow = (keys: CountryKeys, action: string, body: Record<string, unknown>) =>
    signedInit(keys, action, body, clock);

  /** Both sides publish day `date`'s figure at 10:00 local on the next day (KR first, UTC+9). */
  const publishDay = async (date: string) => {
    for (const keys of [kr, cn]) {
      const side = SIDES[keys.country as 'CN' | 'KR'];
      const at = `${calendarDate(dayNumber(date)! + 1)}T10:00:00${side.offset}`;
      clock = new Date(at);
      const document = await signIndicators(
        {
          country: keys.country,
          indicator: 'unlinked-cases',
          timeZone: side.tz,
          sequence: ++seq[keys.country as 'CN' | 'KR'],
          issuedAt: s(at),
          points: [{ date, value: keys.country === 'KR' ? krValue(date) : 1 }],
        },
        keys.authoritySigner,
        crypto,
      );
      const res = await gateway.client.indicators.$post(
        {},
        await signedNow(keys, 'indicators.publish', { document }),
      );
      expect(res.status).toBe(200);
    }
  };
  const publishDays = async (from: string, to: string) => {
    for (let d = dayNumber(from)!; d <= dayNumber(to)!; d++) await publishDay(calendarDate(d));
  };

  /** The gateway's bundle, loaded as a verifier does, with the countersigned lane beside it. */
  const offlineTrust = async (at: Date): Promise<{ bundle: TrustBundle; trust: TrustSource }> => {
    const res = await gateway.client.bundle.$get();
    expect(res.status).toBe(200);
    const loaded = await loadTrustBundle(new Uint8Array(await res.arrayBuffer()), {
      anchors: [gateway.anchor.key],
      at,
      crypto,
    });
    if (!loaded.ok) throw new Error(loaded.code);
    const bundle = loaded.value;
    expect(bundle.rejected).toEqual([]);
    // Lane versions reach bundles through the lane gateway routes (another change); here the
    // countersigned version is read beside the bundle. Recognition of CN tests by KR is not
    // this test's subject, so the source leaves `recognises` out.
    const trust: TrustSource = {
      lookup: (kid) => bundle.lookup(kid),
      problems: (t) => bundle.problems(t),
      lanes: () => [lane],
      laneSignals: () => bundle.laneSignals(),
    };
    return { bundle, trust };
  };

  const pass = (id: string, issued: string, from: string) =>
    issueEntryPass(
      { ...PASS_INPUT, id },
      {
        signer: {
          alg: passDsc.keys.alg,
          privateKey: passDsc.keys.privateKey,
          kid: passDsc.kid,
          country: 'KR',
        },
        at: new Date(issued),
        validFrom: new Date(from),
        validUntil: new Date(Date.parse(from) + 7 * 86_400_000),
      },
    );

  /** Boarding in Beijing one hour before a departure, with a PCR sampled the day before. */
  const board = async (passText: string, departure: string) => {
    const at = new Date(Date.parse(departure) - 3_600_000);
    const sampled = new Date(Date.parse(departure) - 86_400_000);
    const pcr = await issueHcert(
      holderPcr(
        sampled.toISOString().replace('.000Z', 'Z'),
        `URN:UVCI:01:CN:PCR${sampled.getTime()}#7`,
      ),
      {
        signer: {
          alg: cn.dsc.keys.alg,
          privateKey: cn.dsc.keys.privateKey,
          kid: cn.dsc.kid,
          country: 'CN',
        },
        at: sampled,
        expiresAt: new Date(sampled.getTime() + 30 * 86_400_000),
      },
    );
    const { trust } = await offlineTrust(at);
    return decideCheckpoint({
      pass: passText,
      credentials: [pcr],
      mrz: PASS_MRZ,
      trust,
      checkpoint: 'boarding',
      scheduledDeparture: new Date(departure),
      at,
      journey: { origin: 'CN', destination: 'KR' },
    });
  };
  const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code);
  const passes = {} as Record<'before' | 'after' | 'during' | 'resumed', string>;

  beforeAll(async () => {
    database = await engine.open();
    gateway = await testGateway(database.db, {
      now: () => clock,
      bundleLifetimeSeconds: 120 * 86_400,
    });
    [cn, kr] = await Promise.all([
      createCountryKeys('CN', KEYS_FROM),
      createCountryKeys('KR', KEYS_FROM),
    ]);
    passDsc = await createDsc({
      csca: { certificate: kr.csca.der, privateKey: kr.csca.keys.privateKey },
      country: 'KR',
      commonName: 'Corridor entry passes KR',
      usages: ['entry-pass'],
      now: KEYS_FROM,
    });
    await onboardAll(gateway.operator, [cn, kr]);
    for (const [keys, dsc] of [
      [cn, cn.dsc],
      [kr, passDsc],
    ] as const) {
      const res = await gateway.client.dscs.$post(
        {},
        await signedNow(keys, 'dsc.upload', { certificate: dsc.der }),
      );
      expect(res.status).toBe(200);
    }
    // The lane version, countersigned by both authorities and read back (breakers checked).
    const signed = await signLane(LANE, cn.authoritySigner, crypto);
    if (!signed.ok) throw new Error(signed.code);
    const both = await countersignLane(signed.value, kr.authoritySigner, crypto);
    if (!both.ok) throw new Error(both.code);
    const config = { crypto } as Parameters<typeof verificationKeyOf>[0];
    for (const keys of [cn, kr])
      authority.set(keys.country, [await verificationKeyOf(config, keys.authority.der)]);
    const read = await readCountersignedLane(both.value, (cc) => authority.get(cc) ?? [], crypto);
    if (!read.ok) throw new Error(read.code);
    lane = read.value;
  }, 180_000);

  it('the lane version names its breaker; an override without the authority signature is refused', async () => {
    expect(lane.breakers).toEqual([BREAKER]);
    clock = new Date('2021-02-10T00:00:00Z');
    const unsigned = await signOverride(
      {
        id: 'kr-1',
        lane: LANE_ID,
        breaker: BREAKER.id,
        country: 'KR',
        at: s('2021-02-10T00:00:00Z'),
        action: 'trigger',
        reason: { en: 'Signed with the upload key, not the authority key' },
      },
      kr.uploadSigner,
      crypto,
    );
    const res = await gateway.client['breaker-overrides'].$post(
      {},
      await signedNow(kr, 'breaker.override', { document: unsigned }),
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { title: string }).title).toBe('BREAKER_OVERRIDE_UNSIGNED');
  });

  it('two quiet weeks: the lane is open and a pass issued on 1 March boards', async () => {
    await publishDays('2021-02-01', '2021-02-28');
    passes.before = await pass('KR-2021-000101', '2021-03-01T02:00:00Z', '2021-03-05T00:00:00Z');
    const d = await board(passes.before, '2021-03-05T06:00:00Z');
    expect(d.breakers).toEqual({ phase: 'closed', blocked: [] });
    expect(codes(d)).toEqual(['LANE_ADMIT']);
  }, 300_000);

  it('Korea publishes 40 unlinked cases: announced, then after the effective time a pass issued after the announcement is refused and one issued before is admitted', async () => {
    await publishDays('2021-03-01', '2021-03-02');
    const { bundle } = await offlineTrust(clock);
    const announced = laneBreakerState([lane], bundle.laneSignals(), clock)!.state;
    expect(announced.phase).toBe('announced');
    expect(announced.breakers[0]!.announcedAt).toBe('2021-03-03T01:00:00Z');
    expect(announced.breakers[0]!.effectiveAt).toBe('2021-03-05T01:00:00Z');
    // Issued by a node after the announcement, before the effective time.
    passes.after = await pass('KR-2021-000102', '2021-03-04T00:00:00Z', '2021-03-05T00:00:00Z');
    await publishDays('2021-03-03', '2021-03-06');

    const before = await board(passes.before, '2021-03-07T04:00:00Z');
    expect(before.breakers).toEqual({
      phase: 'suspended',
      blocked: ['applications', 'new-passes'],
    });
    expect(codes(before)).toEqual(['GRANDFATHER_ISSUED_BEFORE_ANNOUNCEMENT', 'LANE_ADMIT']);
    expect(before.decision).toBe('admit');

    const after = await board(passes.after, '2021-03-07T04:00:00Z');
    expect(after.decision).toBe('refuse');
    expect(codes(after)).toEqual(['GRANDFATHER_ISSUED_AFTER_ANNOUNCEMENT']);
    // A pass issued during the suspension by a node that missed it.
    passes.during = await pass('KR-2021-000103', '2021-03-06T00:00:00Z', '2021-03-06T00:00:00Z');
    expect(codes(await board(passes.during, '2021-03-07T04:00:00Z'))).toEqual([
      'GRANDFATHER_ISSUED_DURING_SUSPENSION',
    ]);
  }, 300_000);

  it('the same signed inputs give the same state from the bundle and from the listed documents, in any order', async () => {
    const { bundle } = await offlineTrust(clock);
    const listed: Uint8Array[] = [];
    for (let since = 0; ; ) {
      const res = await gateway.app.request(`/indicators?since=${since}&limit=1000`);
      const page = (await res.json()) as {
        entries: { document: string; version: number }[];
        nextSince?: number;
      };
      listed.push(...page.entries.map((e) => fromBase64(e.document)));
      if (page.nextSince === undefined) break;
      since = page.nextSince;
    }
    expect(listed).toHaveLength(bundle.laneSignals().indicators.length);
    const verified = [];
    for (const bytes of listed) {
      const r = await readIndicators(bytes, (cc) => authority.get(cc) ?? [], { crypto });
      if (!r.ok) throw new Error(r.code);
      verified.push(r.value);
    }
    const at = new Date('2021-03-07T00:00:00Z');
    const reference = laneBreakerState([lane], bundle.laneSignals(), at)!.state;
    expect(reference.phase).toBe('suspended');
    fc.assert(
      fc.property(fc.shuffledSubarray(verified, { minLength: verified.length }), (order) => {
        const state = laneBreakerState([lane], { indicators: order, overrides: [] }, at)!.state;
        expect(state).toEqual(reference);
      }),
      { numRuns: 20 },
    );
  });

  it('the resumption test passes on the suspension’s last day: the breaker ends and new passes board again', async () => {
    await publishDays('2021-03-07', '2021-03-19');
    const { bundle } = await offlineTrust(clock);
    const ended = laneBreakerState([lane], bundle.laneSignals(), clock)!.state;
    expect(ended.phase).toBe('closed');
    expect(ended.history.map((t) => t.code)).toContain('BREAKER_RESUMED');
    expect(ended.breakers[0]!.episodes[0]!.endedAt).toBe('2021-03-20T02:00:00Z');

    passes.resumed = await pass('KR-2021-000104', '2021-03-21T00:00:00Z', '2021-03-22T00:00:00Z');
    const resumed = await board(passes.resumed, '2021-03-23T02:00:00Z');
    expect(codes(resumed)).toEqual(['LANE_ADMIT']);
    expect(resumed.breakers).toEqual({ phase: 'closed', blocked: [] });
    // A pass issued during the suspension stays refused after it.
    const late = await pass('KR-2021-000105', '2021-03-06T00:00:00Z', '2021-03-22T00:00:00Z');
    expect(codes(await board(late, '2021-03-23T02:00:00Z'))).toEqual([
      'GRANDFATHER_ISSUED_DURING_SUSPENSION',
    ]);
  }, 300_000);
});
