/**
 * Properties of the breaker state machine over random signed inputs (fast-check, fixed seeds;
 * a failure prints the seed and the counterexample, and `{ seed, path }` replays it):
 * - the same signed inputs give the same state in any order, with duplicates, and after the
 *   documents travel as CBOR and are read again (as on the partner's node, or offline);
 * - a list evaluated again (its remembered replay) gives the state its first evaluation gave;
 * - the state never goes back in time: evaluating later only appends to the history;
 * - an override that is unsigned or wrongly signed is refused and cannot change the state.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  authorityKeys,
  makeAuthority,
  type TestAuthority,
} from '../../../test-support/authority.js';
import { seconds, unlinkedCasesRule } from '../../../test-support/breakers.js';
import { decodeCbor } from '../../cbor/decode.js';
import { encodeCbor } from '../../cbor/encode.js';
import { calendarDate, dayNumber } from '../indicators/calendar.js';
import { readIndicators, type VerifiedIndicators } from '../indicators/read.js';
import { signIndicators } from '../indicators/sign.js';
import { type BreakerLane, evaluateBreakers } from './evaluate.js';
import {
  type OverrideAction,
  readOverride,
  signOverride,
  type VerifiedOverride,
} from './override.js';
import type { BreakerSpec } from './spec.js';
import type { LaneBreakerState } from './state.js';

const START = seconds('2020-11-22T00:00:00+08:00');
const FIRST_DAY = dayNumber('2020-11-15')!;
const HOUR = 3600;

const LANE: BreakerLane = {
  id: 'hk-sg-atb',
  version: 1,
  parties: ['HK', 'SG'],
  startsAt: new Date(START * 1000),
  breakers: [
    unlinkedCasesRule({
      suspension: { days: 5 },
      scope: 'suspend-entry',
      grandfathering: { policy: 'cancel' },
    }),
    {
      id: 'both-3d',
      indicator: 'unlinked-cases',
      derive: { fn: 'sum', window: 3 },
      side: 'both',
      trip: { comparison: '>=', threshold: 20 },
      leadTime: { hours: 0 },
      suspension: { days: 3 },
      resumption: { comparison: '<', threshold: 10, extension: { days: 1 } },
      scope: 'pause-applications',
      grandfathering: { policy: 'honour-issued-before-announcement' },
    },
  ] satisfies BreakerSpec[],
};

let hk: TestAuthority;
let sg: TestAuthority;
let rogue: TestAuthority;
let keys: ReturnType<typeof authorityKeys>;
beforeAll(async () => {
  hk = await makeAuthority('HK');
  sg = await makeAuthority('SG');
  rogue = await makeAuthority('HK', 9); // an HK key the verifiers do not hold
  keys = authorityKeys(hk, sg);
});

/**
 * One extra publication: a country's value for a day, published some hours after that day, as
 * a correction (a new sequence number) or as an equivocation (the sequence number and instant
 * of that day's regular publication, with another value).
 */
const publication = fc.record({
  hk: fc.boolean(),
  day: fc.integer({ min: 0, max: 34 }),
  value: fc.integer({ min: 0, max: 14 }),
  delayHours: fc.integer({ min: 10, max: 60 }),
  equivocate: fc.boolean(),
});

const overrideInput = fc.record({
  hk: fc.boolean(),
  breaker: fc.constantFrom('unlinked-7d', 'both-3d'),
  action: fc.constantFrom<OverrideAction>('trigger', 'delay', 'cancel', 'end'),
  hour: fc.integer({ min: -24, max: 40 * 24 }),
  untilHours: fc.option(fc.integer({ min: 1, max: 20 * 24 }), { nil: undefined }),
});

interface Scenario {
  documents: { bytes: Uint8Array; verified: VerifiedIndicators }[];
  overrides: { bytes: Uint8Array; verified: VerifiedOverride }[];
}

/** A base of daily figures for both cities, plus extra publications (corrections, spikes). */
const scenario = fc.record({
  base: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 35, maxLength: 35 }),
  extra: fc.array(publication, { maxLength: 12 }),
  overrides: fc.array(overrideInput, { maxLength: 4 }),
});

type ScenarioInput = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

async function build(input: ScenarioInput): Promise<Scenario> {
  const documents: Scenario['documents'] = [];
  const sequences = new Map<string, number>();
  const publish = async (
    a: TestAuthority,
    day: number,
    value: number,
    delayHours: number,
    sequence?: number,
  ) => {
    const seq = sequence ?? (sequences.get(a.country) ?? 0) + 1;
    if (sequence === undefined) sequences.set(a.country, seq);
    const bytes = await signIndicators(
      {
        country: a.country,
        indicator: 'unlinked-cases',
        timeZone: a.country === 'HK' ? 'Asia/Hong_Kong' : 'Asia/Singapore',
        sequence: seq,
        issuedAt: (FIRST_DAY + day) * 86_400 - 8 * HOUR + delayHours * HOUR,
        points: [{ date: calendarDate(FIRST_DAY + day), value }],
      },
      a.signer,
    );
    const r = await readIndicators(bytes, keys);
    if (!r.ok) throw new Error(r.code);
    documents.push({ bytes, verified: r.value });
  };
  for (let d = 0; d < input.base.length; d++) {
    await publish(hk, d, input.base[d]!, 34);
    await publish(sg, d, (input.base[d]! * 7) % 10, 34);
  }
  for (const p of input.extra) {
    if (p.equivocate) await publish(p.hk ? hk : sg, p.day, p.value, 34, p.day + 1);
    else await publish(p.hk ? hk : sg, p.day, p.value, p.delayHours);
  }
  const overrides: Scenario['overrides'] = [];
  let n = 0;
  for (const o of input.overrides) {
    const a = o.hk ? hk : sg;
    const at = START + o.hour * HOUR;
    const until = o.untilHours === undefined ? undefined : at + o.untilHours * HOUR;
    if (o.action === 'delay' && until === undefined) continue;
    const bytes = await signOverride(
      {
        id: `o-${n++}`,
        lane: 'hk-sg-atb',
        breaker: o.breaker,
        country: a.country,
        at,
        action: o.action,
        ...(until !== undefined ? { until } : {}),
        reason: { en: `property test ${o.action}` },
      },
      a.signer,
    );
    const r = await readOverride(bytes, keys);
    if (!r.ok) throw new Error(r.code);
    overrides.push({ bytes, verified: r.value });
  }
  return { documents, overrides };
}

const evaluate = (s: Pick<Scenario, 'documents' | 'overrides'>, at: number): LaneBreakerState =>
  evaluateBreakers({
    lane: LANE,
    indicators: s.documents.map((d) => d.verified),
    overrides: s.overrides.map((o) => o.verified),
    at: new Date(at * 1000),
  });

/** A deterministic shuffle (the permutation comes from the property's own input). */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const END = START + 40 * 24 * HOUR;
const LIMITS = { maxDepth: 16, maxItems: 1_000_000, allowedTags: new Set<number>() };

describe('breaker state machine properties', () => {
  it('gives the same state for the same signed inputs in any order, with duplicates, after a CBOR round trip', async () => {
    let tripped = 0;
    let equivocated = 0;
    await fc.assert(
      fc.asyncProperty(scenario, fc.integer(), async (input, seed) => {
        const s = await build(input);
        const reference = evaluate(s, END);
        if (reference.history.some((t) => t.code === 'BREAKER_ANNOUNCED')) tripped++;
        if (reference.conflicts.length > 0) equivocated++;
        // Another order, and every document delivered twice.
        const docs = shuffle([...s.documents, ...s.documents], seed);
        const ovs = shuffle([...s.overrides, ...s.overrides], seed ^ 0x5a5a);
        expect(evaluate({ documents: docs, overrides: ovs }, END)).toEqual(reference);
        // The partner's node: the signed bytes travel in one CBOR array and are read again.
        const wire = decodeCbor(
          encodeCbor([s.documents.map((d) => d.bytes), s.overrides.map((o) => o.bytes)]),
          LIMITS,
        );
        if (!wire.ok) throw new Error(wire.code);
        const [docBytes, ovBytes] = wire.value as [Uint8Array[], Uint8Array[]];
        const reread: Pick<Scenario, 'documents' | 'overrides'> = { documents: [], overrides: [] };
        for (const bytes of docBytes) {
          const r = await readIndicators(bytes, keys);
          if (!r.ok) throw new Error(r.code);
          reread.documents.push({ bytes, verified: r.value });
        }
        for (const bytes of ovBytes) {
          const r = await readOverride(bytes, keys);
          if (!r.ok) throw new Error(r.code);
          reread.overrides.push({ bytes, verified: r.value });
        }
        expect(evaluate(reread, END)).toEqual(reference);
        // The state itself survives CBOR (an offline verifier may be handed it).
        const state = decodeCbor(encodeCbor(reference), LIMITS);
        expect(state.ok && state.value).toEqual(reference);
      }),
      { seed: 20201121, numRuns: 40 },
    );
    // The property means something only if breakers trip in a fair share of the runs.
    expect(tripped).toBeGreaterThan(8);
    expect(equivocated).toBeGreaterThan(8);
  });

  it('evaluates a list again, walking its remembered replay, to the state its first evaluation gave', async () => {
    let tripped = 0;
    await fc.assert(
      fc.asyncProperty(
        scenario,
        fc.integer(),
        fc.integer({ min: 0, max: 40 * 24 }),
        async (input, seed, hour) => {
          const s = await build(input);
          const inputs = {
            lane: LANE,
            // Out of order and twice: the first evaluation sorts and skips twins as it merges.
            indicators: shuffle([...s.documents, ...s.documents], seed).map((d) => d.verified),
            overrides: s.overrides.map((o) => o.verified),
            at: new Date((START + hour * HOUR) * 1000),
          };
          // The first evaluation merges the documents as the fold goes (and slides its window
          // sums over series still being written); the next ones walk the list's replay.
          const first = evaluateBreakers(inputs);
          if (first.history.some((t) => t.code === 'BREAKER_ANNOUNCED')) tripped++;
          expect(evaluateBreakers(inputs)).toEqual(first);
          expect(evaluateBreakers(inputs)).toEqual(first);
        },
      ),
      { seed: 20261207, numRuns: 40 },
    );
    expect(tripped).toBeGreaterThan(8);
  });

  it('never goes back in time: a later evaluation only appends to the history', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenario,
        fc.integer({ min: 0, max: 40 * 24 }),
        fc.integer({ min: 0, max: 40 * 24 }),
        async (input, h1, h2) => {
          const s = await build(input);
          const [a, b] = [START + Math.min(h1, h2) * HOUR, START + Math.max(h1, h2) * HOUR];
          const early = evaluate(s, a);
          const late = evaluate(s, b);
          const upTo = (t: { at: string }) => Date.parse(t.at) <= a * 1000;
          expect(late.history.filter(upTo)).toEqual(early.history);
          for (const state of [early, late]) {
            const times = state.history.map((t) => Date.parse(t.at));
            expect(times).toEqual([...times].sort((x, y) => x - y));
            expect(Math.max(...times, START * 1000)).toBeLessThanOrEqual(Date.parse(state.at));
            for (const br of state.breakers) {
              if (br.history.length > 0)
                expect(Date.parse(br.since)).toBeLessThanOrEqual(Date.parse(state.at));
            }
          }
          // An override ignored earlier stays ignored, for the same reason.
          const ignoredLate = new Set(late.ignoredOverrides.map((o) => `${o.id} ${o.code}`));
          for (const o of early.ignoredOverrides)
            expect(ignoredLate).toContain(`${o.id} ${o.code}`);
        },
      ),
      { seed: 20211223, numRuns: 40 },
    );
  });

  it('refuses an unsigned or wrongly signed override, which therefore cannot change the state', async () => {
    await fc.assert(
      fc.asyncProperty(
        overrideInput,
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 1, max: 255 }),
        async (o, index, flip) => {
          const override = {
            id: 'forged',
            lane: 'hk-sg-atb',
            breaker: o.breaker,
            country: 'HK',
            at: START + o.hour * HOUR,
            action: o.action,
            until: START + o.hour * HOUR + (o.untilHours ?? 24) * HOUR,
            reason: { en: 'not really from the authority' },
          };
          // Signed with an HK key the verifiers do not hold.
          const rogueSigned = await readOverride(await signOverride(override, rogue.signer), keys);
          expect(rogueSigned).toMatchObject({ ok: false, code: 'OVERRIDE_KEY_UNKNOWN' });
          // Signed by Singapore while naming Hong Kong.
          const impostor = await readOverride(
            await signOverride(override, { ...sg.signer, kid: hk.signer.kid }),
            keys,
          );
          expect(impostor).toMatchObject({ ok: false, code: 'OVERRIDE_SIGNATURE_INVALID' });
          // A genuine override with one bit pattern of its signature changed.
          const genuine = await signOverride(override, hk.signer);
          const damaged = genuine.slice();
          damaged[damaged.length - 64 + index]! ^= flip;
          expect(await readOverride(damaged, keys)).toMatchObject({
            ok: false,
            code: 'OVERRIDE_SIGNATURE_INVALID',
          });
          // Sent as a bare map.
          const bare = encodeCbor({ ...override, reason: override.reason });
          expect(await readOverride(bare, keys)).toMatchObject({
            ok: false,
            code: 'OVERRIDE_NOT_SIGNED',
          });
          expect((await readOverride(genuine, keys)).ok).toBe(true);
        },
      ),
      { seed: 20210201, numRuns: 60 },
    );
  });
});
