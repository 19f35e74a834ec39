import type { CoseVerificationKey } from '../../cose/verify.js';
import type { CryptoProvider } from '../../crypto/provider.js';
import { readIndicators, type VerifiedIndicators } from '../indicators/read.js';
import { laneAt } from '../lane-at.js';
import type { Lane } from '../types.js';
import { evaluateBreakers } from './evaluate.js';
import { readOverride, type VerifiedOverride } from './override.js';
import { encodeBreakers } from './spec.js';
import type { LaneBreakerState } from './state.js';

/** The signed inputs of every lane's breakers, as a trust bundle carries them, once verified. */
export interface LaneSignals {
  indicators: readonly VerifiedIndicators[];
  overrides: readonly VerifiedOverride[];
}

/** Nothing published: every breaker with a formula stays closed, no override acts. */
export const NO_SIGNALS: LaneSignals = { indicators: [], overrides: [] };

/**
 * Verifies the signed indicator documents and breaker overrides a trust bundle carries against
 * the publishing countries' authority keys: only those count. Each document that fails is
 * left out and listed in `rejected` with its code, so one bad document never hides the others.
 */
export async function readLaneSignals(
  documents: { indicators?: readonly Uint8Array[]; breakerOverrides?: readonly Uint8Array[] },
  authorityKeys: (country: string) => readonly CoseVerificationKey[],
  crypto?: CryptoProvider,
): Promise<{ signals: LaneSignals; rejected: { what: string; reason: string }[] }> {
  const options = crypto ? { crypto } : {};
  const indicators: VerifiedIndicators[] = [];
  const overrides: VerifiedOverride[] = [];
  const rejected: { what: string; reason: string }[] = [];
  for (const bytes of documents.indicators ?? []) {
    const read = await readIndicators(bytes, authorityKeys, options);
    if (read.ok) indicators.push(read.value);
    else rejected.push({ what: 'indicators', reason: read.code });
  }
  for (const bytes of documents.breakerOverrides ?? []) {
    const read = await readOverride(bytes, authorityKeys, options);
    if (read.ok) overrides.push(read.value);
    else rejected.push({ what: 'breaker override', reason: read.code });
  }
  return { signals: { indicators, overrides }, rejected };
}

/**
 * The breaker state of a lane at `at`, the same on both nodes and offline: the version in
 * force at `at` names the breakers, and they are evaluated from the start of the run of
 * versions that carry the same breakers (an amendment that only widens categories or cuts a
 * quota does not restart them; one that changes a breaker does). `undefined` when no version
 * is in force or the version names no breaker.
 *
 * @example
 * const s = laneBreakerState(bundle.lanes().filter((l) => l.id === id), bundle.laneSignals(), at);
 * s?.state.blocked; // ['applications', 'new-passes']
 */
export function laneBreakerState(
  versions: readonly Lane[],
  signals: LaneSignals,
  at: Date,
): { lane: Lane; startsAt: Date; state: LaneBreakerState } | undefined {
  if (versions.length === 0) return undefined;
  const lane = laneAt(versions, at);
  if (!lane?.breakers || lane.breakers.length === 0) return undefined;
  const same = JSON.stringify(encodeBreakers(lane.breakers));
  const ordered = [...versions].sort((a, b) => b.version - a.version);
  let start = lane.effectiveFrom;
  for (const v of ordered) {
    if (v.version >= lane.version) continue;
    if (JSON.stringify(encodeBreakers(v.breakers ?? [])) !== same) break;
    start = Math.min(start, v.effectiveFrom);
  }
  const startsAt = new Date(start * 1000);
  const state = evaluateBreakers({
    lane: {
      id: lane.id,
      version: lane.version,
      parties: lane.parties,
      startsAt,
      breakers: lane.breakers,
    },
    indicators: signals.indicators,
    overrides: signals.overrides,
    at,
  });
  return { lane, startsAt, state };
}
