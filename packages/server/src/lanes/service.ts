import type { CoseVerificationKey } from '@corridor/core/cose';
import type { Lane } from '@corridor/core/lanes';
import type { Lang } from '@corridor/core/report';
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import {
  type ApplicationSummary,
  getApplication,
  listApplications,
  reviewApplication,
  submitApplication,
  withdrawApplication,
} from './applications.js';
import { type IssuedPass, refuseApplication } from './approval.js';
import { ApprovalGroups } from './approval-group.js';
import { readResultCertificate } from './arrival-result.js';
import type { ArrivalState } from './arrival-schema.js';
import { type ArrivalRecord, listArrivals, recordResult, recordSample } from './arrivals.js';
import { announceBreakerTransitions } from './breaker-events.js';
import { type CheckOutcome, type CheckRequest, checkTraveller } from './checks.js';
import type { LanesNode } from './config.js';
import { createDraft, type DraftInput, submitDraft, updateDraft } from './drafts.js';
import type { ApplicationInput } from './eligibility.js';
import {
  acknowledgeEscalation,
  type Escalation,
  escalateOverdue,
  listEscalations,
} from './escalations.js';
import { startDeliveryWorker } from './events/delivery.js';
import { expirePasses } from './expiry.js';
import { type GatewayLink, pushPassRevocations, uploadPassDscs } from './gateway.js';
import { purgeMonitoring, runMonitoringJob } from './monitoring/jobs.js';
import { type StartedMonitoring, startMonitoring } from './monitoring/start.js';
import { passText, revokePass } from './passes.js';
import { attachPreventionPdf, preventionPlan, removePreventionPdf } from './prevention-plan.js';
import { purgeApplications } from './retention.js';
import { registerSponsor, type Sponsor } from './sponsors.js';
import type { Actor } from './transitions.js';
import { recordLaneVersion } from './versions.js';

/**
 * The lane domain bound to a database, a loaded configuration and a clock: what an HTTP app
 * or the demo calls. Each method is one domain function, given `now()`.
 */
export class Lanes {
  /** Approvals asked for at the same time commit together (see {@link ApprovalGroups}). */
  readonly approvals: ApprovalGroups;

  constructor(
    readonly db: Kysely<CorridorSchema>,
    readonly node: LanesNode,
    readonly now: () => Date = () => new Date(),
  ) {
    this.approvals = new ApprovalGroups(db, node, now);
  }

  /**
   * See {@link recordLaneVersion}. The keys are verified with core's default (WebCrypto)
   * provider: give them as WebCrypto public keys.
   */
  recordVersion(
    document: Uint8Array,
    authorityKeys: (country: string) => readonly CoseVerificationKey[],
    actor: Actor,
  ): Promise<Lane> {
    return recordLaneVersion(this.db, document, { authorityKeys, actor, now: this.now() });
  }

  /** See {@link registerSponsor}. */
  registerSponsor(sponsor: Sponsor, actor: Actor): Promise<Sponsor> {
    return registerSponsor(this.db, sponsor, { actor, now: this.now() });
  }

  /** See {@link submitApplication}. */
  submit(input: ApplicationInput & { sponsor: string }, actor: Actor): Promise<ApplicationSummary> {
    return submitApplication(this.db, this.node, input, { actor, now: this.now() });
  }

  /** See {@link createDraft}. */
  saveDraft(input: DraftInput, actor: Actor): Promise<ApplicationSummary> {
    return createDraft(this.db, this.node, input, { actor, now: this.now() });
  }

  /** See {@link updateDraft}. */
  updateDraft(id: string, input: DraftInput, actor: Actor): Promise<ApplicationSummary> {
    return updateDraft(this.db, id, input, { actor, now: this.now() });
  }

  /** See {@link submitDraft}. */
  submitDraft(id: string, sponsor: string, consent: boolean, actor: Actor) {
    return submitDraft(this.db, this.node, { id, sponsor, consent }, { actor, now: this.now() });
  }

  /** See {@link withdrawApplication}. */
  withdraw(id: string, sponsor: string, actor: Actor, reason?: string) {
    return withdrawApplication(
      this.db,
      { id, sponsor, ...(reason !== undefined ? { reason } : {}) },
      { actor, now: this.now() },
    );
  }

  /** See {@link getApplication}. */
  get(id: string): Promise<ApplicationSummary> {
    return getApplication(this.db, id);
  }

  /** See {@link listApplications}. */
  list(filters: Parameters<typeof listApplications>[1]): Promise<ApplicationSummary[]> {
    return listApplications(this.db, filters);
  }

  /** See {@link reviewApplication}. */
  review(id: string, actor: Actor): Promise<ApplicationSummary> {
    return reviewApplication(this.db, id, { actor, now: this.now() });
  }

  /** See {@link attachPreventionPdf}. */
  attachPlan(id: string, sponsor: string, pdf: Uint8Array, actor: Actor) {
    return attachPreventionPdf(this.db, { id, sponsor, pdf }, { actor, now: this.now() });
  }

  /** See {@link removePreventionPdf}. */
  removePlan(id: string, sponsor: string, actor: Actor): Promise<void> {
    return removePreventionPdf(this.db, { id, sponsor }, { actor, now: this.now() });
  }

  /** See {@link preventionPlan}. */
  plan(id: string) {
    return preventionPlan(this.db, id);
  }

  /** See `approveApplication`; concurrent approvals share a transaction ({@link ApprovalGroups}). */
  approve(id: string, actor: Actor): Promise<IssuedPass> {
    return this.approvals.approve(id, actor);
  }

  /** See {@link refuseApplication}. */
  refuse(id: string, reasonCode: string, reasonText: string, actor: Actor) {
    return refuseApplication(this.db, { id, reasonCode, reasonText }, { actor, now: this.now() });
  }

  /** See {@link revokePass}. */
  revoke(passId: string, reason: string, actor: Actor) {
    return revokePass(this.db, this.node, { passId, reason }, { actor, now: this.now() });
  }

  /** See {@link passText}. */
  passText(passId: string): Promise<string> {
    return passText(this.db, passId);
  }

  /** See {@link uploadPassDscs}. */
  uploadDscs(link: Omit<GatewayLink, 'now'>) {
    return uploadPassDscs(this.node, { ...link, now: this.now() });
  }

  /** See {@link pushPassRevocations}. */
  push(link: Omit<GatewayLink, 'now'>) {
    return pushPassRevocations(this.db, this.node, { ...link, now: this.now() });
  }

  /** See {@link expirePasses}. */
  expire(): Promise<{ expired: number }> {
    return expirePasses(this.db, this.now());
  }

  /** See {@link checkTraveller}. */
  check(input: CheckRequest, actor: Actor): Promise<CheckOutcome> {
    return checkTraveller(this.db, this.node, input, { actor, now: this.now() });
  }

  /** See {@link recordSample}; the lab is the actor's account. */
  sample(application: string, actor: Actor): Promise<ArrivalRecord> {
    return recordSample(this.db, application, { actor, now: this.now() });
  }

  /**
   * See {@link recordResult}: the result as the lab states it, or read from its HC1 test
   * certificate (`readResultCertificate`); the lab is the actor's account.
   */
  async result(
    application: string,
    input: { result: 'negative' | 'positive' } | { certificate: string; lang: Lang },
    actor: Actor,
  ): Promise<ArrivalRecord> {
    const result =
      'certificate' in input
        ? await readResultCertificate(
            this.db,
            this.node,
            { application, lab: actor.account, ...input },
            this.now(),
          )
        : { result: input.result, source: 'lab' as const };
    return recordResult(this.db, this.node, application, result, { actor, now: this.now() });
  }

  /** See {@link listArrivals}. */
  arrivals(filters: { lab?: string; state?: ArrivalState; limit?: number }) {
    return listArrivals(this.db, filters);
  }

  /** See {@link escalateOverdue}. */
  escalateOverdue(): Promise<{ noShows: number; lateResults: number }> {
    return escalateOverdue(this.db, this.node, this.now());
  }

  /** See {@link listEscalations}. */
  escalations(filters: { open?: boolean; limit?: number }): Promise<Escalation[]> {
    return listEscalations(this.db, filters);
  }

  /** See {@link acknowledgeEscalation}. */
  acknowledge(id: number, actor: Actor): Promise<void> {
    return acknowledgeEscalation(this.db, id, { actor, now: this.now() });
  }

  /**
   * Starts the monitoring of a released traveller (the release step calls it; see
   * {@link startMonitoring}, or `startMonitoringIn` inside a transaction of its own).
   */
  startMonitoring(passId: string, releasedAt: Date, actor: Actor): Promise<StartedMonitoring> {
    return startMonitoring(this.db, { passId, releasedAt }, { actor, now: this.now() });
  }

  /**
   * One run of the monitoring job then of its purge ({@link runMonitoringJob}), and the lane
   * events of breaker transitions reached by now ({@link announceBreakerTransitions}).
   */
  async monitor() {
    const job = await runMonitoringJob(this.db, this.now());
    return {
      ...job,
      ...(await purgeMonitoring(this.db, this.now())),
      ...(await this.announceBreakers()),
    };
  }

  /** See {@link announceBreakerTransitions}. */
  announceBreakers(): Promise<{ breakerEvents: number }> {
    return announceBreakerTransitions(this.db, this.node, this.now());
  }

  /** See {@link purgeApplications}. */
  purge(): Promise<{ applications: number }> {
    return purgeApplications(this.db, this.now());
  }

  /**
   * Runs `expire` then `purge` every `intervalMs` (default hourly) until the returned function is called;
   * failures go to `onError` (default `console.error`) and the schedule goes on.
   */
  schedulePurge(
    intervalMs = 3_600_000,
    onError: (error: unknown) => void = console.error,
  ): () => void {
    return every(intervalMs, () => this.expire().then(() => this.purge()), onError);
  }

  /** Runs `escalateOverdue` every `intervalMs` (default 5 minutes), like `schedulePurge`. */
  scheduleEscalations(
    intervalMs = 300_000,
    onError: (error: unknown) => void = console.error,
  ): () => void {
    return every(intervalMs, () => this.escalateOverdue(), onError);
  }

  /**
   * Runs `monitor` every `intervalMs` (default 5 minutes: escalation deadlines are counted from
   * when a report became missed, not from the run) and the webhook delivery worker, until the
   * returned function is called; failures go to `onError` and the schedule goes on.
   */
  scheduleMonitoring(
    intervalMs = 300_000,
    onError: (error: unknown) => void = console.error,
  ): () => Promise<void> {
    const timer = setInterval(() => {
      this.monitor().catch(onError);
    }, intervalMs);
    timer.unref?.();
    const stopDelivery = startDeliveryWorker(this.db, { now: this.now, onError });
    return async () => {
      clearInterval(timer);
      await stopDelivery();
    };
  }
}

function every(
  intervalMs: number,
  run: () => Promise<unknown>,
  onError: (error: unknown) => void,
): () => void {
  const timer = setInterval(() => {
    run().catch(onError);
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
