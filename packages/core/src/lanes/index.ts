/** Fast-track lanes: the co-signed, versioned lane document and the checkpoint decision. */
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
export { LANE_FINDINGS, type LaneFindingCode } from './findings.js';
export { compareNames, type NameComparison, sameBirthDate } from './holder.js';
export { laneAt } from './lane-at.js';
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
