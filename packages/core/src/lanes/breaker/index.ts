/**
 * Circuit breakers of a fast-track lane, as pure functions: the specification a lane version
 * carries, signed administrative overrides, the state machine that folds signed indicators and
 * overrides into the lane's state at an instant, the grandfathering decision a checkpoint
 * makes offline, and the quota a day gets from the lane version and the breakers together.
 *
 * @example
 * const problems = validateBreakers(lane.breakers, lane.parties); // [] when usable
 * const state = evaluateBreakers({ lane, indicators, overrides, at });
 * const d = grandfathered({ state, pass: { issuedAt, scheduledDeparture }, at: checkpointTime });
 */
export { type BreakerInputs, type BreakerLane, evaluateBreakers } from './evaluate.js';
export { BREAKER_FINDINGS, type BreakerCode } from './findings.js';
export {
  type GrandfatherDecision,
  type GrandfatherReason,
  grandfathered,
  type PassFacts,
} from './grandfathered.js';
export {
  type LaneSignals,
  laneBreakerState,
  NO_SIGNALS,
  readLaneSignals,
} from './lane-state.js';
export {
  type BreakerOverride,
  MAX_OVERRIDE_BYTES,
  OVERRIDE_ACTIONS,
  OVERRIDE_CONTENT_TYPE,
  type OverrideAction,
  type OverrideReadCode,
  readOverride,
  signOverride,
  type VerifiedOverride,
} from './override.js';
export { type EffectiveQuota, effectiveQuota, type QuotaVersion } from './quota.js';
export {
  BLOCKED_BY_SCOPE,
  type Blocked,
  BREAKER_SCOPES,
  type BreakerProblem,
  type BreakerScope,
  type BreakerSide,
  type BreakerSpec,
  type Condition,
  type Duration,
  durationSeconds,
  encodeBreakers,
  type Grandfathering,
  MAX_BREAKERS,
  parseBreakers,
  validateBreakers,
} from './spec.js';
export type {
  BreakerEpisode,
  BreakerPhase,
  BreakerState,
  BreakerTransition,
  IgnoredOverride,
  IndicatorReading,
  LaneBreakerState,
  OverrideReference,
} from './state.js';
export { transitionFinding } from './transition-finding.js';
