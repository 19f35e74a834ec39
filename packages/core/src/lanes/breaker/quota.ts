import type { BreakerState } from './state.js';

/** The quota a lane version sets (per day, for one direction or port: the caller's choice). */
export interface QuotaVersion {
  version: number;
  /** When the version takes effect. */
  effectiveFrom: Date;
  /** Passes per day; absent: no limit. */
  quota?: number;
}

/** The quota in force and why. */
export interface EffectiveQuota {
  /** The lane version in force, if any. */
  version?: number;
  /** Passes that may be issued; `undefined`: no limit. */
  quota: number | undefined;
  /** Breakers whose suspension of new passes sets the quota to 0. */
  blockedBy: string[];
}

/**
 * The quota for issuing passes at `at`: the lane version in force sets it (a cut such as the
 * VTL's 50 % cap in January 2022 is an amendment, a new co-signed version), and a breaker whose
 * scope suspends new passes brings it to 0 while it is in force. The two are independent:
 * when the suspension ends, the quota is whatever version is then in force. Passes issued
 * earlier are never touched by either (that is the grandfathering policy's business).
 *
 * @example
 * effectiveQuota({ versions, state, at: new Date('2022-01-21T00:00:00+08:00') })
 * // { version: 2, quota: 500, blockedBy: [] }
 */
export function effectiveQuota(input: {
  versions: readonly QuotaVersion[];
  state: { breakers: readonly BreakerState[] };
  at: Date;
}): EffectiveQuota {
  const t = input.at.getTime();
  let inForce: QuotaVersion | undefined;
  for (const v of input.versions) {
    const from = v.effectiveFrom.getTime();
    if (from > t) continue;
    const best = inForce?.effectiveFrom.getTime();
    if (best === undefined || from > best || (from === best && v.version > inForce!.version))
      inForce = v;
  }
  const blockedBy: string[] = [];
  for (const b of input.state.breakers) {
    if (b.scope === 'pause-applications') continue;
    const active = b.episodes.some(
      (e) =>
        e.cancelledAt === undefined &&
        Date.parse(e.effectiveAt) <= t &&
        (e.endedAt === undefined || t < Date.parse(e.endedAt)),
    );
    if (active) blockedBy.push(b.breaker);
  }
  const out: EffectiveQuota = {
    quota: !inForce ? 0 : blockedBy.length > 0 ? 0 : inForce.quota,
    blockedBy,
  };
  if (inForce) out.version = inForce.version;
  return out;
}
