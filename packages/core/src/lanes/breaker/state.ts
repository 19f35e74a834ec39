import type { FindingParams, Lang } from '../../report/finding.js';
import type { Comparison } from '../indicators/rational.js';
import type { SequenceConflict } from '../indicators/series.js';
import type { BreakerCode } from './findings.js';
import type { OverrideAction } from './override.js';
import type { Blocked, BreakerScope, Grandfathering } from './spec.js';

/**
 * Where a breaker stands:
 * - `closed`: the lane runs normally (a closed circuit lets traffic through);
 * - `announced`: the breaker tripped; the suspension takes effect at `effectiveAt`;
 * - `suspended`: in force; its scope is blocked until the planned end;
 * - `resuming`: the planned end has passed but the resumption test waits for its figures;
 *   still in force.
 * A breaker that ends goes back to `closed`; its episode keeps `endedAt`.
 */
export type BreakerPhase = 'closed' | 'announced' | 'suspended' | 'resuming';

/** Order of restriction, for the lane's overall phase (the most restrictive breaker's). */
export const PHASE_RANK: Readonly<Record<BreakerPhase, number>> = {
  closed: 0,
  announced: 1,
  resuming: 2,
  suspended: 3,
};

/** One side's derived value at a decision, exactly and for display. */
export interface IndicatorReading {
  country: string;
  /** The calendar date evaluated, in that country's time zone. */
  date: string;
  /** Exact value (`27/7`); absent when the window was not complete. */
  value?: string;
  /** The value rounded to two places, for people. */
  display?: string;
  comparison: Comparison;
  /** Exact threshold (`5`, `39/10`). */
  threshold: string;
  /** Whether `value comparison threshold` held. */
  holds: boolean;
}

/** The signed override behind a transition: who decided, and why. */
export interface OverrideReference {
  id: string;
  action: OverrideAction;
  /** The country whose authority key signed. */
  country: string;
  /** That key's identifier (hex). */
  kid: string;
  /** Hex SHA-256 of the signed override. */
  digest: string;
  reason: Partial<Record<Lang, string>>;
}

/** One step of a breaker's history, with the reason for it. */
export interface BreakerTransition {
  /** ISO-8601 instant. */
  at: string;
  breaker: string;
  from: BreakerPhase;
  to: BreakerPhase;
  /** Why, as a catalogue code (`BREAKER_ANNOUNCED`, `BREAKER_OVERRIDE_TRIGGER`, ...). */
  code: BreakerCode;
  params: FindingParams;
  /** The indicator values that decided it (formula transitions). */
  readings?: IndicatorReading[];
  /** The override that decided it (administrative transitions). */
  override?: OverrideReference;
}

/**
 * One suspension, from its announcement to its end. The grandfathering decision at a
 * checkpoint reads these (ISO-8601 instants).
 */
export interface BreakerEpisode {
  breaker: string;
  /** What tripped it. */
  trigger: 'indicator' | 'override';
  announcedAt: string;
  effectiveAt: string;
  /** The planned end as last known (extensions and delays move it). */
  plannedEnd: string;
  /** When it ended (resumption passed, planned end without test, or an override). */
  endedAt?: string;
  /** When the announcement was withdrawn before taking effect. */
  cancelledAt?: string;
  scope: BreakerScope;
  grandfathering: Grandfathering;
}

/** One breaker's state at the evaluation instant. */
export interface BreakerState {
  breaker: string;
  phase: BreakerPhase;
  /** When the breaker entered this phase (the lane's start while it never left `closed`). */
  since: string;
  scope: BreakerScope;
  grandfathering: Grandfathering;
  /** What this breaker blocks now. */
  blocked: Blocked[];
  /** The current episode's instants, while not closed. */
  announcedAt?: string;
  effectiveAt?: string;
  plannedEnd?: string;
  /** An override holds the formula until then (while closed). */
  heldUntil?: string;
  episodes: BreakerEpisode[];
  history: BreakerTransition[];
}

/** An override that was verified but did not act, and why. */
export interface IgnoredOverride {
  id: string;
  country: string;
  digest: string;
  code: BreakerCode;
  params: FindingParams;
}

/**
 * The answer {@link evaluateBreakers} gives: every breaker's state and history, and the lane
 * as a whole (the most restrictive phase, everything blocked).
 */
export interface LaneBreakerState {
  lane: string;
  version: number;
  /** The evaluation instant (ISO-8601). */
  at: string;
  phase: BreakerPhase;
  /** When the lane entered its overall phase. */
  since: string;
  /** What is blocked now, in ladder order. */
  blocked: Blocked[];
  breakers: BreakerState[];
  /** Every transition of every breaker, in the order they happened. */
  history: BreakerTransition[];
  ignoredOverrides: IgnoredOverride[];
  /** Equivocating indicator documents seen (two documents, one sequence number). */
  conflicts: SequenceConflict[];
}
