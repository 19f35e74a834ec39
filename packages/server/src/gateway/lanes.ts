import type { Lane } from '@corridor/core/lanes';
import { toBase64, toHex } from '@corridor/core/lib';
import type { Selectable } from 'kysely';
import { HttpProblem } from '../http/problem.js';
import type { LaneVersionsTable } from '../lanes/schema.js';
import { checkedLane } from '../lanes/versions.js';
import { documentField } from './agreements.js';
import type { GatewayConfig, GatewayDb } from './config.js';
import { bumpTrustVersion, recordGatewayAction } from './ledger.js';
import { authorityKeysOf } from './participant-record.js';
import type { GatewayRequest } from './signed-request.js';

/** A lane version as the gateway lists it (the document is the countersigned bytes). */
export interface GatewayLaneVersion {
  id: string;
  version: number;
  supersedes: number | null;
  parties: string[];
  effectiveFrom: number;
  effectiveTo: number;
  /** The country whose upload key submitted it. */
  recordedBy: string;
  recordedAt: Date;
  /** SHA-256 of the countersigned document (hex), as logged in the transparency log. */
  sha256: string;
}

/** Largest number of versions kept per lane (amendments are rare; this bounds bundles). */
export const MAX_LANE_VERSIONS = 100;

/**
 * `lane.version`: records a countersigned lane version submitted by one of its two parties.
 * Checked: both signatures against the parties' authority certificates (as onboarded, record
 * intact; `readCountersignedLane`), the submitter is a party (403 `REQUEST_WRONG_PARTICIPANT`),
 * and the chain: version 1 first, then version n + 1 superseding the latest recorded one, n, of
 * the same id with the same parties (409 `LANE_VERSION_CHAIN`). The same bytes again are a no-op
 * (`created: false`, for a node retrying after a lost answer); other bytes under a recorded
 * version are 409 `LANE_VERSION_CONFLICT`. Every version is kept; each recording bumps the
 * trust version and appends a transparency leaf naming the lane, the version and the SHA-256
 * of the document, audited, in one transaction.
 */
export async function recordLaneVersion(
  db: GatewayDb,
  config: GatewayConfig,
  request: GatewayRequest,
): Promise<{ id: string; version: number; trustVersion: number | null; created: boolean }> {
  const document = documentField(request.body.document);
  return db
    .transaction()
    .execute(async (trx) => {
      const countries = await trx
        .selectFrom('participants')
        .select('country')
        .where('status', '=', 'active')
        .execute();
      const authorities = await authorityKeysOf(
        trx,
        config,
        countries.map((c) => c.country),
      );
      const lane = await checkedLane(document, (cc) => authorities.get(cc) ?? [], config.crypto);
      if (!lane.parties.includes(request.country))
        throw new HttpProblem(
          403,
          'REQUEST_WRONG_PARTICIPANT',
          `only ${lane.parties.join(' or ')} may submit lane ${lane.id}`,
        );
      const sha256 = toHex(await config.crypto.sha256(document));
      // The trust version row is locked first: lane recordings (like every trust change) are
      // serialised, so two versions racing for the same place in the chain cannot both pass.
      const trustVersion = await bumpTrustVersion(
        trx,
        config,
        'lane.version',
        request.country,
        `${lane.id}/${lane.version}#${sha256}`,
      );
      const recorded = await trx
        .selectFrom('lane_versions')
        .select(['version', 'document', 'lane'])
        .where('lane_id', '=', lane.id)
        .orderBy('version', 'desc')
        .execute();
      const same = recorded.find((r) => r.version === lane.version);
      if (same) {
        if (Buffer.compare(Buffer.from(same.document), Buffer.from(document)) !== 0)
          throw new HttpProblem(
            409,
            'LANE_VERSION_CONFLICT',
            `version ${lane.version} of ${lane.id} is already recorded with other content`,
          );
        // Nothing changes: throwing rolls back the trust bump, so answer outside.
        throw new Unchanged();
      }
      checkChain(lane, recorded[0] ? (recorded[0].lane as Lane) : undefined, recorded.length);
      await trx
        .insertInto('lane_versions')
        .values({
          lane_id: lane.id,
          version: lane.version,
          supersedes: lane.supersedes ?? null,
          effective_from: new Date(lane.effectiveFrom * 1000),
          effective_to: new Date(lane.effectiveTo * 1000),
          document,
          lane: JSON.stringify(lane),
          recorded_at: config.now(),
          recorded_by: request.country,
        })
        .execute();
      await recordGatewayAction(trx, config, {
        actor: request.country,
        action: 'lane.version',
        subject: `${lane.id}/${lane.version}`,
        details: { sha256, supersedes: lane.supersedes ?? null, parties: lane.parties },
      });
      return { id: lane.id, version: lane.version, trustVersion, created: true };
    })
    .catch((error: unknown) => {
      if (error instanceof Unchanged) return readBack(db, document);
      throw error;
    });
}

/** Thrown inside the transaction to roll back the trust bump of a repeated submission. */
class Unchanged extends Error {}

async function readBack(db: GatewayDb, document: Uint8Array) {
  const row = await db
    .selectFrom('lane_versions')
    .select(['lane_id', 'version'])
    .where('document', '=', document)
    .executeTakeFirstOrThrow();
  return { id: row.lane_id, version: row.version, trustVersion: null, created: false };
}

/** Version 1 starts a chain; every later one amends the latest, between the same parties. */
function checkChain(lane: Lane, latest: Lane | undefined, count: number): void {
  const refuse = (detail: string) => {
    throw new HttpProblem(409, 'LANE_VERSION_CHAIN', detail);
  };
  if (!latest) {
    if (lane.version !== 1) refuse(`${lane.id} has no version yet: submit version 1 first`);
    return;
  }
  if (count >= MAX_LANE_VERSIONS) refuse(`${lane.id} has ${count} versions, the most kept`);
  if (lane.version !== latest.version + 1 || lane.supersedes !== latest.version)
    refuse(
      `the next version of ${lane.id} is ${latest.version + 1}, superseding ${latest.version}`,
    );
  const parties = (l: Lane) => [...l.parties].sort().join(',');
  if (parties(lane) !== parties(latest))
    refuse(`the parties of ${lane.id} are ${latest.parties.join(' and ')}`);
}

/** Every version of every lane (or of one), newest last, without the documents. */
export async function listLaneVersions(
  db: GatewayDb,
  config: GatewayConfig,
  laneId?: string,
): Promise<GatewayLaneVersion[]> {
  let q = db
    .selectFrom('lane_versions')
    .selectAll()
    .orderBy('lane_id')
    .orderBy('version')
    .limit(10_000);
  if (laneId) q = q.where('lane_id', '=', laneId);
  const rows = await q.execute();
  const out: GatewayLaneVersion[] = [];
  for (const r of rows) out.push(await describe(config, r));
  return out;
}

/** A stored version as listed. */
async function describe(
  config: GatewayConfig,
  r: Selectable<LaneVersionsTable>,
): Promise<GatewayLaneVersion> {
  const lane = r.lane as Lane;
  return {
    id: r.lane_id,
    version: r.version,
    supersedes: r.supersedes,
    parties: [...lane.parties],
    effectiveFrom: lane.effectiveFrom,
    effectiveTo: lane.effectiveTo,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
    sha256: toHex(await config.crypto.sha256(r.document)),
  };
}

/** One version with its countersigned document (base64) and the lane as read. 404 otherwise. */
export async function getLaneVersion(
  db: GatewayDb,
  config: GatewayConfig,
  laneId: string,
  version: number,
): Promise<GatewayLaneVersion & { document: string; lane: Lane }> {
  const row = await db
    .selectFrom('lane_versions')
    .selectAll()
    .where('lane_id', '=', laneId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row)
    throw new HttpProblem(404, 'LANE_VERSION_NOT_FOUND', `no version ${version} of ${laneId}`);
  return {
    ...(await describe(config, row)),
    document: toBase64(row.document),
    lane: row.lane as Lane,
  };
}

/**
 * The countersigned documents a bundle issued at `now` carries: every version of every lane
 * whose period has not ended, so a verifier finds the version in force at any instant of the
 * bundle's life (`laneAt`), an amendment before it takes effect, and the version an earlier
 * pass names while that version still runs. Only lanes whose parties are both in the bundle
 * (`countries`) go in; a verifier could not check the others' signatures.
 */
export async function bundleLanes(
  db: GatewayDb,
  now: Date,
  countries: ReadonlySet<string>,
): Promise<Uint8Array[]> {
  const rows = await db
    .selectFrom('lane_versions')
    .select(['document', 'lane'])
    .where('effective_to', '>', now)
    .orderBy('lane_id')
    .orderBy('version')
    .execute();
  return rows
    .filter((r) => (r.lane as Lane).parties.every((p) => countries.has(p)))
    .map((r) => r.document);
}
