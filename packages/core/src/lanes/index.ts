/** Fast-track lanes: the co-signed, versioned lane document and the checkpoint decision. */

export type { BreakerLane } from './breaker/evaluate.js';
export { evaluateBreakers } from './breaker/evaluate.js';
export type { LaneSignals } from './breaker/lane-state.js';
export { laneBreakerState, NO_SIGNALS } from './breaker/lane-state.js';
export type {
  BreakerOverride,
  OverrideAction,
  OverrideReadCode,
  VerifiedOverride,
} from './breaker/override.js';
export {
  MAX_OVERRIDE_BYTES,
  OVERRIDE_ACTIONS,
  readOverride,
  signOverride,
} from './breaker/override.js';
export type { Blocked, BreakerSpec } from './breaker/spec.js';
export type { LaneBreakerState } from './breaker/state.js';
export { transitionFinding } from './breaker/transition-finding.js';
export {
  type Checkpoint,
  type CheckpointDecision,
  type CheckpointInput,
  decideCheckpoint,
  MAX_CHECKPOINT_CREDENTIALS,
} from './decide.js';
export {
  countersignLane,
  LANE_CONTENT_TYPE,
  LANE_COUNTERSIGNED_CONTENT_TYPE,
  type LaneDocumentCode,
  readCountersignedLane,
  signLane,
} from './document.js';
export { encodeLane } from './encode.js';
export { CN_KR_LANE_V1 } from './examples/cn-kr.js';
export { LANE_FINDINGS, type LaneFindingCode } from './findings.js';
export { compareNames, type NameComparison, sameBirthDate } from './holder.js';
export { calendarDate, dayNumber } from './indicators/calendar.js';
export { derive } from './indicators/derive.js';
export type { IndicatorDocument, IndicatorPoint } from './indicators/document.js';
export type { IndicatorCode } from './indicators/findings.js';
export { decimalExact, type Exact, type IndicatorValue } from './indicators/rational.js';
export type { VerifiedIndicators } from './indicators/read.js';
export { MAX_INDICATOR_BYTES, readIndicators } from './indicators/read.js';
export { type IndicatorSeries, indicatorSeries } from './indicators/series.js';
export { signIndicators } from './indicators/sign.js';
export { laneAt } from './lane-at.js';
export { MONITORING_SYMPTOMS } from './monitoring.js';
export type {
  ArrivalProtocol,
  Lane,
  LaneCategory,
  LaneDirection,
  LaneHealth,
  LaneLaboratory,
  LaneNames,
  LaneQuota,
} from './types.js';
export { LANE_LIMITS, type LaneValidationCode, parseLaneWire, validateLane } from './validate.js';
