/**
 * SMART Health Card revocation lists (spec "Revocation"): one JSON file per issuer key,
 * `{ kid, method, ctr, rids: ["rid", "rid.timestamp", ...] }`, published at
 * `<iss>/.well-known/crl/<kid>.json`.
 */
import { fail, ok, type Result } from '../lib/result.js';

/** Revocation methods Corridor can check: the card's own `rid`, and RFC 002's `hash-fhir`. */
export const SHC_CRL_METHODS = ['rid', 'hash-fhir'] as const;
export type ShcCrlMethod = (typeof SHC_CRL_METHODS)[number];

/** A revocation list, checked and indexed. */
export interface ShcCrl {
  kid: string;
  method: ShcCrlMethod;
  /** How many times the issuer updated the list; must equal the key's `crlVersion`. */
  ctr: number;
  /**
   * Revoked identifiers: to `null` when every card with that `rid` is revoked, or to a time
   * (seconds since the epoch) before which issued cards (`nbf`) are revoked.
   */
  rids: ReadonlyMap<string, number | null>;
}

/** Most entries accepted in one list. */
export const MAX_CRL_RIDS = 1_000_000;

/** A `rid`: at most 24 characters of the base64url alphabet (spec "Revocation"). */
export const RID_PATTERN = /^[A-Za-z0-9_-]{1,24}$/;
const ENTRY = /^([A-Za-z0-9_-]{1,24})(?:\.([0-9]{1,12}))?$/;

/**
 * Reads and checks one revocation list. A list Corridor cannot apply exactly is refused as a
 * whole, with the reason: an unknown `method`, a `ctr` that is not a positive integer, an
 * entry that is not a `rid` (at most 24 base64url characters) with an optional `.timestamp`,
 * or the same `rid` listed twice (two timestamps for one card would leave its status to
 * whichever entry is read first). Verification then fails closed for the key it belongs to.
 *
 * @example
 * readShcCrl({ kid: 'k', method: 'rid', ctr: 1, rids: ['vwAjHdarZuc.1687450765'] })
 */
export function readShcCrl(value: unknown): Result<ShcCrl, 'CRL'> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return fail('CRL', { reason: 'not a JSON object' });
  }
  const crl = value as Record<string, unknown>;
  if (typeof crl.kid !== 'string' || crl.kid.length === 0) return fail('CRL', { reason: 'no kid' });
  if (!(SHC_CRL_METHODS as readonly unknown[]).includes(crl.method)) {
    return fail('CRL', {
      reason: `method ${JSON.stringify(crl.method)?.slice(0, 40)} is not supported`,
    });
  }
  if (typeof crl.ctr !== 'number' || !Number.isSafeInteger(crl.ctr) || crl.ctr < 1) {
    return fail('CRL', { reason: 'ctr is not a positive integer' });
  }
  const list = crl.rids;
  if (!Array.isArray(list)) return fail('CRL', { reason: 'rids is not an array' });
  if (list.length > MAX_CRL_RIDS) {
    return fail('CRL', { reason: `more than ${MAX_CRL_RIDS} entries` });
  }
  const rids = new Map<string, number | null>();
  for (const entry of list) {
    const match = typeof entry === 'string' ? ENTRY.exec(entry) : null;
    if (!match) {
      const shown = typeof entry === 'string' ? JSON.stringify(entry.slice(0, 40)) : typeof entry;
      return fail('CRL', {
        reason: `entry ${shown} is not a rid (24 base64url characters at most) with an optional .timestamp`,
      });
    }
    const rid = match[1]!;
    if (rids.has(rid)) return fail('CRL', { reason: `rid ${rid} is listed more than once` });
    rids.set(rid, match[2] === undefined ? null : Number(match[2]));
  }
  return ok({ kid: crl.kid, method: crl.method as ShcCrlMethod, ctr: crl.ctr, rids });
}

/**
 * Whether `rid` is revoked for a card issued at `nbf` (seconds): listed without a timestamp,
 * or listed with a timestamp after which the card was not issued ("revoked any Health Cards
 * with rid ... issued before" the timestamp).
 */
export function isRevokedRid(crl: ShcCrl, rid: string, nbf: number): boolean {
  if (!crl.rids.has(rid)) return false;
  const until = crl.rids.get(rid)!;
  return until === null || nbf < until;
}
