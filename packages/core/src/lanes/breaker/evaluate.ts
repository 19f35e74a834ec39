import type { VerifiedIndicators } from '../indicators/read.js';
import { indicatorFeed } from '../indicators/replay.js';
import { BreakerMachine, iso } from './machine.js';
import type { VerifiedOverride } from './override.js';
import { BLOCKED_BY_SCOPE, type Blocked, type BreakerSpec, validateBreakers } from './spec.js';
import {
  type BreakerPhase,
  type BreakerTransition,
  type IgnoredOverride,
  type LaneBreakerState,
  PHASE_RANK,
} from './state.js';

/** What {@link evaluateBreakers} needs to know about the lane (the lead joins it to the lane document). */
export interface BreakerLane {
  id: string;
  version: number;
  /** The two (or more) countries; their authorities publish indicators and sign overrides. */
  parties: readonly string[];
  /** When the lane takes effect: the formula is checked from then on. */
  startsAt: Date;
  breakers: readonly BreakerSpec[];
}

/** The inputs of one evaluation: signed documents only, and the instant. */
export interface BreakerInputs {
  lane: BreakerLane;
  indicators: readonly VerifiedIndicators[];
  overrides: readonly VerifiedOverride[];
  at: Date;
}

/**
 * The state of a lane's circuit breakers at `at`, and how they got there: a pure, deterministic
 * fold from the lane's start to `at` over the instants something can happen — an indicator
 * document is published (its signed `issuedAt`), an override takes effect (its signed `at`), a
 * breaker reaches its effective time, planned end or the end of a hold.
 *
 * At each instant, in this order: the documents published then are merged (highest sequence
 * wins per day); scheduled steps are taken; the formula is checked for every breaker whose
 * watched series changed (the newest day of each side; at the lane's start and when a hold
 * runs out, every side); overrides are applied (by country, id and digest); scheduled steps
 * due at once (no lead time) follow.
 *
 * A decision at instant `t` reads only documents published up to `t`, so a later correction
 * never rewrites an earlier decision, evaluating at a later `at` only appends to the history,
 * and the answer does not depend on the order the inputs are given in. Documents and
 * overrides dated after `at` are not yet known. Throws `TypeError` when the breakers fail
 * {@link validateBreakers} (the lane document should have been refused).
 *
 * @example
 * const state = evaluateBreakers({ lane, indicators: verifiedDocs, overrides: verifiedOverrides, at });
 * state.phase;   // 'suspended'
 * state.blocked; // ['applications', 'new-passes', 'entry']
 * state.history.map((t) => makeFinding(t.code, 'zh', t.params).message);
 */
export function evaluateBreakers(inputs: BreakerInputs): LaneBreakerState {
  const { lane } = inputs;
  const problems = validateBreakers(lane.breakers, lane.parties);
  if (problems.length > 0) {
    throw new TypeError(`invalid breakers: ${problems.map((p) => p.code).join(', ')}`);
  }
  const at = Math.floor(inputs.at.getTime() / 1000);
  const start = Math.floor(lane.startsAt.getTime() / 1000);
  const history: BreakerTransition[] = [];
  const machines = lane.breakers.map(
    (spec) => new BreakerMachine(spec, lane.id, lane.parties, start, history),
  );
  const byId = new Map(machines.map((m) => [m.spec.id, m]));
  // Documents published after `at` are never reached: the fold stops at the first instant
  // past `at`. A list evaluated again is not merged again (see `indicatorFeed`).
  const known = indicatorFeed(inputs.indicators);
  const ignored: IgnoredOverride[] = [];
  const overrides = usableOverrides(inputs.overrides, lane, byId, at, ignored);

  let phase: BreakerPhase = 'closed';
  let since = start;
  let started = false;
  let j = 0;
  for (;;) {
    let t = Number.POSITIVE_INFINITY;
    if (!started) t = start;
    const published = known.next();
    t = Math.min(t, published);
    if (j < overrides.length) t = Math.min(t, overrides[j]!.override.at);
    for (const m of machines) t = Math.min(t, m.nextScheduled());
    if (t > at) break;

    // The documents published at `t`, merged.
    if (published === t) known.take(t);
    const full = !started && t === start;
    if (full) started = true;
    for (const m of machines) m.advance(t, known);
    if (started) for (const m of machines) m.check(t, known, full);
    for (; j < overrides.length && overrides[j]!.override.at === t; j++) {
      const v = overrides[j]!;
      const m = byId.get(v.override.breaker)!;
      const from = m.phase;
      if (!m.override(t, v)) {
        ignored.push(
          ignore(v, 'OVERRIDE_NOT_APPLICABLE', { action: v.override.action, phase: from }),
        );
      }
    }
    let now: BreakerPhase = 'closed';
    for (const m of machines) {
      m.advance(t, known);
      if (PHASE_RANK[m.phase] > PHASE_RANK[now]) now = m.phase;
    }
    if (now !== phase) {
      phase = now;
      since = t;
    }
  }

  const blocked = new Set<Blocked>();
  for (const m of machines)
    if (m.inForce()) for (const b of BLOCKED_BY_SCOPE[m.spec.scope]) blocked.add(b);
  return {
    lane: lane.id,
    version: lane.version,
    at: iso(at),
    phase,
    since: iso(since),
    blocked: (['applications', 'new-passes', 'entry'] as const).filter((b) => blocked.has(b)),
    breakers: machines.map((m) => m.state()),
    history,
    ignoredOverrides: ignored,
    conflicts: known.conflicts(),
  };
}

function ignore(
  v: VerifiedOverride,
  code: IgnoredOverride['code'],
  params: Record<string, string>,
): IgnoredOverride {
  return {
    id: v.override.id,
    country: v.signer.country,
    digest: v.digest,
    code,
    params: { override: v.override.id, ...params },
  };
}

/**
 * The overrides that may act, in the order every node applies them (instant, country, id,
 * digest); the others are listed with the reason they were ignored. Two different overrides
 * one country signed under the same id: the smaller digest is used.
 */
function usableOverrides(
  all: readonly VerifiedOverride[],
  lane: BreakerLane,
  breakers: ReadonlyMap<string, BreakerMachine>,
  at: number,
  ignored: IgnoredOverride[],
): VerifiedOverride[] {
  const sorted = [...all].sort(
    (a, b) =>
      a.override.at - b.override.at ||
      cmp(a.signer.country, b.signer.country) ||
      cmp(a.override.id, b.override.id) ||
      cmp(a.digest, b.digest),
  );
  const chosen = new Map<string, string>();
  for (const v of sorted) {
    const key = `${v.signer.country}/${v.override.id}`;
    const d = chosen.get(key);
    if (d === undefined || v.digest < d) chosen.set(key, v.digest);
  }
  const out: VerifiedOverride[] = [];
  const done = new Set<string>();
  for (const v of sorted) {
    const o = v.override;
    if (o.at > at || done.has(v.digest)) continue; // not yet known, or the same document twice
    done.add(v.digest);
    if (chosen.get(`${v.signer.country}/${o.id}`) !== v.digest) {
      ignored.push(ignore(v, 'OVERRIDE_DUPLICATE', { country: v.signer.country }));
      continue;
    }
    if (o.lane !== lane.id) ignored.push(ignore(v, 'OVERRIDE_OTHER_LANE', { lane: o.lane }));
    else if (!lane.parties.includes(v.signer.country))
      ignored.push(ignore(v, 'OVERRIDE_NOT_A_PARTY', { country: v.signer.country }));
    else if (!breakers.has(o.breaker))
      ignored.push(ignore(v, 'OVERRIDE_BREAKER_UNKNOWN', { breaker: o.breaker }));
    else out.push(v);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
