import type { CborLimits } from '../../cbor/decode.js';
import { encodeCbor } from '../../cbor/encode.js';
import { type CoseSigner, HEADER_CONTENT_TYPE, signCoseSign1 } from '../../cose/sign.js';
import type { CoseVerificationKey } from '../../cose/verify.js';
import type { CryptoProvider } from '../../crypto/provider.js';
import { fail, ok, type Result } from '../../lib/result.js';
import type { Lang } from '../../report/finding.js';
import { COUNTRY, LANE_ID } from '../indicators/document.js';
import {
  type AuthoritySigner,
  checkAuthoritySignature,
  openSignedDocument,
} from '../indicators/envelope.js';
import type { BreakerCode } from './findings.js';

/** COSE content type (protected header label 3) of a signed breaker override. */
export const OVERRIDE_CONTENT_TYPE = 'application/corridor-breaker-override+cbor';

/**
 * What an administrator may do to a breaker, always with a reason and a signature:
 * - `trigger`: announce a suspension the formula did not call for (the November 2020
 *   Hong Kong–Singapore postponement at 3.9), effective at `effectiveAt` (default: after the
 *   lead time) until `until` (default: the suspension length);
 * - `delay`: move the breaker's next step to `until`: the effective time of an announced
 *   suspension, the planned end of one in force, or, while closed, hold the formula until then;
 * - `cancel`: withdraw an announcement before it takes effect;
 * - `end`: end a suspension in force early.
 * `cancel` and `end` may name `until`: the formula does not trip again before then.
 */
export type OverrideAction = 'trigger' | 'delay' | 'cancel' | 'end';

/** Every override action. */
export const OVERRIDE_ACTIONS: readonly OverrideAction[] = ['trigger', 'delay', 'cancel', 'end'];

/** A signed administrative decision about one breaker of one lane. */
export interface BreakerOverride {
  /** Identifier, unique among the signing country's overrides. */
  id: string;
  lane: string;
  breaker: string;
  /** The country whose authority key signs; must be a party to the lane. */
  country: string;
  /** When the decision takes effect (NumericDate seconds). */
  at: number;
  action: OverrideAction;
  /** `trigger` only: the effective time (not before `at`). */
  effectiveAt?: number;
  /** See {@link OverrideAction}; required for `delay`. */
  until?: number;
  /** Why, in at least one of English, Chinese or Korean. */
  reason: Partial<Record<Lang, string>>;
}

declare const verifiedOverride: unique symbol;

/**
 * An override whose signature checked out against its country's authority keys. Only
 * {@link readOverride} makes one: the breaker never acts on an unsigned decision.
 */
export interface VerifiedOverride {
  readonly override: BreakerOverride;
  readonly signer: AuthoritySigner;
  /** Hex SHA-256 of the signed bytes. */
  readonly digest: string;
  readonly [verifiedOverride]: true;
}

/** Largest signed override accepted. */
export const MAX_OVERRIDE_BYTES = 16 * 1024;
/** Longest reason text in one language. */
export const MAX_REASON_LENGTH = 2000;

const OVERRIDE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const BREAKER_ID = /^[a-z0-9][a-z0-9]*(-[a-z0-9]+)*$/;
const KEYS = new Set([
  'id',
  'lane',
  'breaker',
  'country',
  'at',
  'action',
  'effective_at',
  'until',
  'reason',
]);
const PAYLOAD_LIMITS: CborLimits = { maxDepth: 3, maxItems: 64, allowedTags: new Set() };

/** The override as the CBOR map its authority signs (text keys, fixed order). */
function overridePayload(o: BreakerOverride): Record<string, unknown> {
  const reason: Record<string, string> = {};
  for (const lang of ['en', 'zh', 'ko'] as const) {
    if (o.reason[lang] !== undefined) reason[lang] = o.reason[lang];
  }
  return {
    id: o.id,
    lane: o.lane,
    breaker: o.breaker,
    country: o.country,
    at: o.at,
    action: o.action,
    ...(o.effectiveAt !== undefined ? { effective_at: o.effectiveAt } : {}),
    ...(o.until !== undefined ? { until: o.until } : {}),
    reason,
  };
}

type ShapeCode = 'OVERRIDE_MALFORMED' | 'OVERRIDE_REASON_MISSING';

/** Checks a decoded override payload field by field. */
function parseOverride(value: unknown): Result<BreakerOverride, ShapeCode> {
  if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Map) {
    return fail('OVERRIDE_MALFORMED', { reason: 'not a map with text keys' });
  }
  const v = value as Record<string, unknown>;
  const bad = (reason: string) => fail('OVERRIDE_MALFORMED', { reason });
  for (const key of Object.keys(v))
    if (!KEYS.has(key)) return bad(`unknown field ${key.slice(0, 40)}`);
  const f = (k: string) => (Object.hasOwn(v, k) ? v[k] : undefined);
  const id = f('id');
  const lane = f('lane');
  const breaker = f('breaker');
  const country = f('country');
  const at = f('at');
  const action = f('action');
  const effectiveAt = f('effective_at');
  const until = f('until');
  if (typeof id !== 'string' || !OVERRIDE_ID.test(id)) return bad('id is not an identifier');
  if (typeof lane !== 'string' || !LANE_ID.test(lane)) return bad('lane is not a lane identifier');
  if (typeof breaker !== 'string' || breaker.length > 63 || !BREAKER_ID.test(breaker))
    return bad('breaker is not a breaker identifier');
  if (typeof country !== 'string' || !COUNTRY.test(country))
    return bad('country is not an ISO 3166-1 alpha-2 code');
  if (!isInstant(at)) return bad('at is not a NumericDate');
  if (!OVERRIDE_ACTIONS.includes(action as OverrideAction)) return bad('action is not known');
  if (effectiveAt !== undefined) {
    if (action !== 'trigger') return bad('only a trigger names effective_at');
    if (!isInstant(effectiveAt) || effectiveAt < at) return bad('effective_at is before at');
  }
  if (until !== undefined) {
    const from = typeof effectiveAt === 'number' ? effectiveAt : at;
    if (!isInstant(until) || until <= from) return bad('until is not after at (or effective_at)');
  } else if (action === 'delay') return bad('a delay names until');
  const raw = f('reason');
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Map) {
    return fail('OVERRIDE_REASON_MISSING');
  }
  const reason: Partial<Record<Lang, string>> = {};
  for (const [lang, text] of Object.entries(raw)) {
    if (lang !== 'en' && lang !== 'zh' && lang !== 'ko')
      return bad('reason in an unknown language');
    if (typeof text !== 'string' || text.length > MAX_REASON_LENGTH)
      return bad('reason is not a text of at most 2000 characters');
    reason[lang] = text;
  }
  if (!Object.values(reason).some((t) => t.trim().length > 0))
    return fail('OVERRIDE_REASON_MISSING');
  const o: BreakerOverride = {
    id,
    lane,
    breaker,
    country,
    at: at as number,
    action: action as OverrideAction,
    reason,
  };
  if (effectiveAt !== undefined) o.effectiveAt = effectiveAt as number;
  if (until !== undefined) o.until = until as number;
  return ok(o);
}

function isInstant(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/**
 * An administrator signs an override with their country's authority key. Throws `TypeError`
 * when the override breaks a rule {@link readOverride} would refuse it for (no reason, a delay
 * without `until`...): discretion is allowed, silent discretion is not.
 *
 * @example
 * await signOverride({ id: 'hk-2020-11-21', lane: 'hk-sg-atb', breaker: 'unlinked-7d',
 *   country: 'HK', at: 1605945600, action: 'trigger',
 *   reason: { en: 'Postponed: local cases rising' } }, hkAuthority);
 */
export async function signOverride(
  override: BreakerOverride,
  signer: CoseSigner,
  crypto?: CryptoProvider,
): Promise<Uint8Array> {
  const payload = overridePayload(override);
  const checked = parseOverride(payload);
  if (!checked.ok) {
    throw new TypeError(
      `override refused: ${checked.code} ${JSON.stringify(checked.params ?? {})}`,
    );
  }
  const options = {
    signer,
    extraProtected: new Map<number, unknown>([[HEADER_CONTENT_TYPE, OVERRIDE_CONTENT_TYPE]]),
  };
  return signCoseSign1(encodeCbor(payload), crypto ? { ...options, crypto } : options);
}

/** Codes {@link readOverride} answers with. */
export type OverrideReadCode = Extract<
  BreakerCode,
  | 'OVERRIDE_TOO_LARGE'
  | 'OVERRIDE_NOT_SIGNED'
  | 'OVERRIDE_WRONG_TYPE'
  | 'OVERRIDE_MALFORMED'
  | 'OVERRIDE_LIMIT_EXCEEDED'
  | 'OVERRIDE_REASON_MISSING'
  | 'OVERRIDE_KEY_UNKNOWN'
  | 'OVERRIDE_SIGNATURE_INVALID'
>;

/**
 * Reads a signed override: bounded, every field checked, a reason present, and the signature
 * verified against `authorityKeys(country)` for the country the override names. An override
 * without a valid authority signature is refused here and never reaches the breaker.
 */
export async function readOverride(
  bytes: Uint8Array,
  authorityKeys: (country: string) => readonly CoseVerificationKey[],
  options: { crypto?: CryptoProvider; maxBytes?: number } = {},
): Promise<Result<VerifiedOverride, OverrideReadCode>> {
  const opened = openSignedDocument(
    bytes,
    OVERRIDE_CONTENT_TYPE,
    options.maxBytes ?? MAX_OVERRIDE_BYTES,
    PAYLOAD_LIMITS,
  );
  if (!opened.ok) return fail(`OVERRIDE_${opened.code}`, opened.params);
  const parsed = parseOverride(opened.value);
  if (!parsed.ok) return parsed;
  const override = parsed.value;
  const signed = await checkAuthoritySignature(
    bytes,
    override.country,
    authorityKeys,
    options.crypto,
  );
  if (!signed.ok) return fail(`OVERRIDE_${signed.code}`, signed.params);
  return ok({ override, ...signed.value } as VerifiedOverride);
}
