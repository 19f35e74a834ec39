import type { CborLimits } from '../../cbor/decode.js';
import type { CoseVerificationKey } from '../../cose/verify.js';
import type { CryptoProvider } from '../../crypto/provider.js';
import { fail, ok, type Result } from '../../lib/result.js';
import { dayOfCheckedDate } from './calendar.js';
import {
  INDICATORS_CONTENT_TYPE,
  type IndicatorDocument,
  MAX_POINTS,
  parseIndicatorDocument,
} from './document.js';
import { type AuthoritySigner, checkAuthoritySignature, openSignedDocument } from './envelope.js';
import type { IndicatorCode } from './findings.js';

declare const verifiedIndicators: unique symbol;

/**
 * An indicator document whose signature checked out against its country's authority keys.
 * Only {@link readIndicators} makes one, so the breaker never counts an unsigned figure.
 */
export interface VerifiedIndicators {
  readonly document: IndicatorDocument;
  readonly signer: AuthoritySigner;
  /** Hex SHA-256 of the signed bytes. */
  readonly digest: string;
  /**
   * The day number (`calendar.ts`) of each of `document.points`, read once here so that the
   * breaker fold, which replays every document at every evaluation, never parses a date.
   */
  readonly days?: readonly number[];
  readonly [verifiedIndicators]: true;
}

/** Largest signed indicator document accepted (three years of fractions fit well within). */
export const MAX_INDICATOR_BYTES = 64 * 1024;

const PAYLOAD_LIMITS: CborLimits = {
  // map → points → pair → tag 30 → [num, den]
  maxDepth: 6,
  // The map, its fields, and per point the pair, the date, the tag and its two numbers.
  maxItems: 32 + MAX_POINTS * 6,
  allowedTags: new Set([30]),
};

/**
 * Reads a signed indicator document: bounded envelope and payload, every field checked, and
 * the signature verified against `authorityKeys(country)` for the country the document names.
 * Never throws on hostile bytes; each refusal is an `INDICATOR_*` code.
 *
 * @example
 * const read = await readIndicators(bytes, (cc) => authorityKeysOf(cc));
 * if (!read.ok) return makeFinding(read.code, 'zh', read.params);
 */
export async function readIndicators(
  bytes: Uint8Array,
  authorityKeys: (country: string) => readonly CoseVerificationKey[],
  options: { crypto?: CryptoProvider; maxBytes?: number } = {},
): Promise<Result<VerifiedIndicators, IndicatorCode>> {
  const opened = openSignedDocument(
    bytes,
    INDICATORS_CONTENT_TYPE,
    options.maxBytes ?? MAX_INDICATOR_BYTES,
    PAYLOAD_LIMITS,
  );
  if (!opened.ok) return fail(`INDICATOR_${opened.code}`, opened.params);
  const parsed = parseIndicatorDocument(opened.value);
  if (!parsed.ok) return parsed;
  const document = parsed.value;
  const signed = await checkAuthoritySignature(
    bytes,
    document.country,
    authorityKeys,
    options.crypto,
  );
  if (!signed.ok) return fail(`INDICATOR_${signed.code}`, signed.params);
  // The names every document of a series repeats, one string each: the breaker fold looks
  // its series up by them for every document, and equal strings that are one object compare
  // at once (and stay in the processor's cache) instead of character by character.
  document.country = sharedName(document.country);
  document.indicator = sharedName(document.indicator);
  document.timeZone = sharedName(document.timeZone);
  if (document.lane !== undefined) document.lane = sharedName(document.lane);
  // Frozen, the answer too: what the signature covers cannot change afterwards (nor disagree
  // with `days`), so the breaker fold may remember its replay of a list of them.
  for (const p of document.points) {
    if (typeof p.value === 'object') Object.freeze(p.value);
    Object.freeze(p);
  }
  Object.freeze(document.points);
  Object.freeze(document);
  const days = Object.freeze(document.points.map((p) => dayOfCheckedDate(p.date)));
  const verified = Object.freeze({ document, days, ...signed.value }) as VerifiedIndicators;
  READ.add(verified);
  return ok(verified);
}

/** One string per name read (country, indicator, time zone, lane); emptied when full. */
const NAMES = new Map<string, string>();
const MAX_NAMES = 4096;

/** The string of `name` read first (the table is bounded: a hostile feed cannot grow it). */
function sharedName(name: string): string {
  const known = NAMES.get(name);
  if (known !== undefined) return known;
  if (NAMES.size >= MAX_NAMES) NAMES.clear();
  NAMES.set(name, name);
  return name;
}

/** Every answer of {@link readIndicators}: frozen through and through. */
const READ = new WeakSet<VerifiedIndicators>();

/**
 * Whether `v` is an answer of {@link readIndicators}, which freezes the document, its points and
 * the answer itself (a cheaper test than asking `Object.isFrozen` of each part).
 */
export function isReadIndicators(v: VerifiedIndicators): boolean {
  return READ.has(v);
}
