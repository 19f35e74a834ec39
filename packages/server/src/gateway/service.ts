import type { CoseVerificationKey } from '@corridor/core/cose';
import type { MerkleLog } from '@corridor/core/transparency';
import type { AgreementStatus } from '@corridor/core/trust';
import { type AgreementRecord, listAgreements, recordAgreementStep } from './agreements.js';
import { type IssuedBundle, latestBundle } from './bundles.js';
import type { GatewayConfig, GatewayDb } from './config.js';
import { type DocumentKind, latestDocuments, uploadDocument } from './documents.js';
import { revokeDsc, uploadDsc } from './dscs.js';
import { listFormatTrust, uploadFormatTrust, withdrawFormatTrust } from './formats.js';
import { didTrustList, euTrustList, type InteropQuery } from './interop.js';
import {
  type LaneSignalKind,
  listSignals,
  publishIndicators,
  publishOverride,
} from './lane-signals.js';
import { getLaneVersion, listLaneVersions, recordLaneVersion } from './lanes.js';
import {
  authenticateRequest,
  listParticipants,
  type OnboardInput,
  onboardParticipant,
  type ParticipantSummary,
  uploadKeysOf,
} from './participants.js';
import { readRevocations, uploadRevocations } from './revocations.js';
import type { GatewayRequest } from './signed-request.js';
import { signLogHead, TransparencyLogMirror } from './transparency.js';
import { readTrustList, type TrustListQuery } from './trust-list.js';

export type { AgreementRecord } from './agreements.js';
export type { GatewayConfig } from './config.js';
export type { OnboardInput } from './participants.js';
export { MAX_PAGE_SIZE, type TrustListEntry } from './trust-list.js';

/**
 * The trust gateway bound to one database and configuration: the object `gatewayApp` serves.
 * Each method is one domain function (onboarding in `participants.ts`, DSCs in `dscs.ts`, the
 * trust list, documents, revocations, agreements, the transparency log and bundles in their
 * own files); the facade only holds what lives as long as the process: the in-memory mirror
 * of the transparency log and the bundle build in progress.
 */
export class Gateway {
  private readonly log = new TransparencyLogMirror();
  private building: Promise<IssuedBundle> | undefined;

  constructor(
    readonly db: GatewayDb,
    readonly config: GatewayConfig,
  ) {}

  /** See {@link onboardParticipant}. */
  onboard(input: OnboardInput, actor: string): Promise<void> {
    return onboardParticipant(this.db, this.config, input, actor);
  }

  /** See {@link listParticipants}. */
  participants(): Promise<ParticipantSummary[]> {
    return listParticipants(this.db, this.config);
  }

  /** See {@link uploadKeysOf}. */
  uploadKeys(country: string): Promise<CoseVerificationKey[]> {
    return uploadKeysOf(this.db, this.config, country);
  }

  /** See {@link authenticateRequest}. */
  authenticate(bytes: Uint8Array, action: string): Promise<GatewayRequest> {
    return authenticateRequest(this.db, this.config, bytes, action);
  }

  /** See {@link uploadDsc}. */
  uploadDsc(request: GatewayRequest): Promise<{ kid: string; version: number }> {
    return uploadDsc(this.db, this.config, request);
  }

  /** See {@link revokeDsc}. */
  revokeDsc(request: GatewayRequest): Promise<{ version: number }> {
    return revokeDsc(this.db, this.config, request);
  }

  /** See {@link uploadFormatTrust}. */
  uploadFormatTrust(request: GatewayRequest) {
    return uploadFormatTrust(this.db, this.config, request);
  }

  /** See {@link withdrawFormatTrust}. */
  withdrawFormatTrust(request: GatewayRequest) {
    return withdrawFormatTrust(this.db, this.config, request);
  }

  /** See {@link listFormatTrust}. */
  formatTrust(query: Parameters<typeof listFormatTrust>[1]) {
    return listFormatTrust(this.db, query);
  }

  /** See {@link readTrustList}. */
  trustList(options: TrustListQuery) {
    return readTrustList(this.db, options);
  }

  /** See {@link uploadDocument}. */
  uploadDocument(kind: DocumentKind, request: GatewayRequest): Promise<{ version: number }> {
    return uploadDocument(this.db, this.config, kind, request);
  }

  /** See {@link uploadRevocations}. */
  uploadRevocations(request: GatewayRequest): Promise<{ version: number; added: number }> {
    return uploadRevocations(this.db, this.config, request);
  }

  /** See {@link latestDocuments}. */
  documents(kind: DocumentKind, country?: string) {
    return latestDocuments(this.db, kind, country);
  }

  /** See {@link readRevocations}. */
  revocations(options: { since?: number; country?: string; limit?: number }) {
    return readRevocations(this.db, options);
  }

  /** See {@link recordAgreementStep}. */
  agreementStep(
    action: string,
    request: GatewayRequest,
  ): Promise<{ id: string; status: AgreementStatus; version: number }> {
    return recordAgreementStep(this.db, this.config, action, request);
  }

  /** See {@link listAgreements}. */
  agreements(): Promise<AgreementRecord[]> {
    return listAgreements(this.db);
  }

  /** See {@link recordLaneVersion}. */
  recordLaneVersion(request: GatewayRequest) {
    return recordLaneVersion(this.db, this.config, request);
  }

  /** See {@link listLaneVersions}. */
  laneVersions(laneId?: string) {
    return listLaneVersions(this.db, this.config, laneId);
  }

  /** See {@link getLaneVersion}. */
  laneVersion(laneId: string, version: number) {
    return getLaneVersion(this.db, this.config, laneId, version);
  }

  /** See {@link publishIndicators} and {@link publishOverride}. */
  publishSignal(kind: LaneSignalKind, request: GatewayRequest) {
    return kind === 'indicators'
      ? publishIndicators(this.db, this.config, request)
      : publishOverride(this.db, this.config, request);
  }

  /** See {@link listSignals}. */
  signals(
    kind: LaneSignalKind,
    query: { since?: number; country?: string; lane?: string; limit?: number },
  ) {
    return listSignals(this.db, kind, query);
  }

  /** See {@link euTrustList}. */
  euTrustList(query: InteropQuery) {
    return euTrustList(this.db, this.config, query);
  }

  /** See {@link didTrustList}. */
  didTrustList(did: string, query: InteropQuery) {
    return didTrustList(this.db, this.config, did, query);
  }

  /** The log with every leaf committed so far (see {@link TransparencyLogMirror}). */
  transparencyLog(): Promise<MerkleLog> {
    return this.log.load(this.db);
  }

  /** A signed tree head for the current log. */
  async signedTreeHead(): Promise<Uint8Array> {
    return signLogHead(await this.transparencyLog(), this.config);
  }

  /** See {@link latestBundle}. */
  bundle(): Promise<IssuedBundle> {
    // One build at a time: concurrent requests after a trust change all computed the same new
    // version and all but one failed on the `bundles` primary key (a 500 to every other
    // caller, e.g. national nodes syncing at once). Callers arriving meanwhile share the build.
    this.building ??= latestBundle(this.db, this.config, () => this.signedTreeHead()).finally(
      () => {
        this.building = undefined;
      },
    );
    return this.building;
  }
}
