import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** `prev_hash` of the first entry: 32 zero bytes. */
export const GENESIS_HASH: Uint8Array = new Uint8Array(32);

/** What a caller supplies to `appendAudit`. */
export interface AuditEntryInput {
  /** Who acted: a user, a participant (`country:KR`), or a service (`system:bundler`). */
  actor: string;
  /** What was done, dotted and stable, e.g. `dsc.upload`, `participant.suspend`. */
  action: string;
  /** What it was done to (country, kid, document id, ...), if anything. */
  subject?: string | null;
  /** Further facts, a JSON object (normalised through JSON before hashing and storing). */
  details?: Record<string, unknown>;
  /** When it happened; defaults to the current time. Millisecond precision. */
  at?: Date;
}

/** One stored audit entry. Hashes are lowercase hex. */
export interface AuditRecord {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** The fields an entry's hash covers. */
export interface HashedFields {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
}

/**
 * The chained hash of an entry: SHA-256(prev_hash ‖ UTF-8(canonical JSON of
 * `{ seq, at, actor, action, subject, details }`)), with `at` as an ISO 8601 UTC string with
 * milliseconds.
 */
export function entryHash(prevHash: Uint8Array, fields: HashedFields): Uint8Array {
  const body = canonicalJson({
    seq: fields.seq,
    at: fields.at.toISOString(),
    actor: fields.actor,
    action: fields.action,
    subject: fields.subject,
    details: fields.details,
  });
  const digest = createHash('sha256').update(prevHash).update(body, 'utf8').digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
