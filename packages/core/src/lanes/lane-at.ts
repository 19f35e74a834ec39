import type { Lane } from './types.js';

/**
 * The version of a lane in force at `at`: the highest version whose `effectiveFrom` has been
 * reached, provided `at` is before its `effectiveTo`. An amendment thus applies from its
 * effective time and earlier versions keep governing until then; once the latest version that
 * has taken effect ends, nothing is in force (an earlier version does not come back). Versions
 * of another lane in the list are a programming error.
 *
 * @example
 * laneAt([v1, v2], new Date('2020-09-01T00:00:00Z'))?.version
 */
export function laneAt(versions: readonly Lane[], at: Date): Lane | undefined {
  const t = at.getTime() / 1000;
  if (Number.isNaN(t)) throw new TypeError('laneAt needs a valid Date');
  let current: Lane | undefined;
  for (const lane of versions) {
    if (lane.id !== versions[0]!.id) throw new TypeError('laneAt takes versions of one lane');
    if (lane.effectiveFrom <= t && (!current || lane.version > current.version)) current = lane;
  }
  return current && t < current.effectiveTo ? current : undefined;
}
