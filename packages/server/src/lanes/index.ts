/** The fast-track lane on the destination's node: sponsors, applications, approval, passes. */

export { type LanesApi, lanesApp } from './app.js';
export {
  type ApplicationSummary,
  expectState,
  getApplication,
  submitApplication,
  withdrawApplication,
} from './applications.js';
export { approveApplication, type IssuedPass, refuseApplication } from './approval.js';
export {
  type ApprovalGroupOptions,
  ApprovalGroups,
  type ApprovalOutcome,
  approveApplications,
} from './approval-group.js';
export {
  A,
  ARRIVAL_CONFIG,
  arrivalNode,
  laneKeysOf,
  makeArrivalFixtures,
  signArrivalBundle,
  testCertificate,
} from './arrival-fixtures.js';
export { readResultCertificate } from './arrival-result.js';
export type { ArrivalState, CheckpointKind, EscalationKind } from './arrival-schema.js';
export {
  type ArrivalRecord,
  type ArrivalResult,
  listArrivals,
  POSITIVE_REVOCATION_REASON,
  recordResult,
  recordSample,
} from './arrivals.js';
export { type CheckOutcome, type CheckRequest, checkTraveller } from './checks.js';
export {
  type ArrivalConfig,
  type ArrivalSite,
  type CheckpointTrust,
  createLanesNode,
  type EntryPassDsc,
  type LanesConfig,
  type LanesNode,
} from './config.js';
export { type ApplicationInput, checkEligibility, type Traveller } from './eligibility.js';
export {
  acknowledgeEscalation,
  type Escalation,
  escalateOverdue,
  listEscalations,
} from './escalations.js';
export { deliverPending, startDeliveryWorker } from './events/delivery.js';
export { emitLaneEvent, LANE_EVENT_TYPES, type LaneEvent } from './events/outbox.js';
export { createSubscription } from './events/subscriptions.js';
export { signWebhook } from './events/webhook.js';
export { purgeMonitoring, runMonitoringJob } from './monitoring/jobs.js';
export { submitReport } from './monitoring/reports.js';
export { startMonitoring, startMonitoringIn } from './monitoring/start.js';
export { resolveEscalation, worklist } from './monitoring/worklist.js';
export { passText, revokePass, revokePassIn } from './passes.js';
export { MAX_PREVENTION_PDF_BYTES } from './prevention-plan.js';
export { laneInvariants, openRaceStore, raceOnce } from './quota-race.js';
export { purgeApplications } from './retention.js';
export type { ApplicationState } from './schema.js';
export { Lanes } from './service.js';
export { registerSponsor, type Sponsor } from './sponsors.js';
export { ADMIN, APPLICATION, F, keysOf, makeFixtures, NOW, SPONSOR } from './test-fixtures.js';
export type { Actor } from './transitions.js';
export { laneInForce, recordLaneVersion } from './versions.js';
