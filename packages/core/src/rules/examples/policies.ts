/**
 * Default entry policies of the CN and KR fast-track lanes, in the policy language of
 * `../../policy/` (reference: `policy/README.md`). Sources and assumptions: `README.md` in this
 * folder. Examples for the Corridor demo lanes, not official requirements.
 */
import type { Policy } from '../../policy/types.js';

const NAAT = 'LP6464-4';
const NOT_DETECTED = '260415000';

/**
 * China fast track: an entry pass issued by China, and a negative NAAT (PCR) sampled at most
 * 48 hours before the check. The IgM antibody test of the November 2020 notices cannot be
 * carried by an EU DCC; the lane's authority checks it before issuing the entry pass, so the
 * pass stands for it here (see README). The test conditions are written into the policy, so it
 * also works on reports verified without the CN rules.
 */
export const CN_FAST_TRACK_POLICY: Policy = {
  id: 'CN-FAST-TRACK',
  allOf: [
    { credential: 'entry-pass', issuers: ['CN'] },
    { credential: 'test', testType: [NAAT], result: NOT_DETECTED, maxAgeHours: 48 },
  ],
};

/**
 * Korea fast track: an entry pass issued by Korea, and a negative NAAT that meets the KR entry
 * rules (`rules: true`). The 72 hours are counted by calendar day in Korean time by rule
 * TR-KR-0003, so the policy sets no `maxAgeHours` of its own: evaluate it on reports made by
 * `verify()` with `destination: { country: 'KR' }` and `KR_RULES`.
 */
export const KR_FAST_TRACK_POLICY: Policy = {
  id: 'KR-FAST-TRACK',
  allOf: [
    { credential: 'entry-pass', issuers: ['KR'] },
    { credential: 'test', testType: [NAAT], result: NOT_DETECTED, rules: true },
  ],
};

/**
 * "Vaccinated or recovered": a complete vaccination or a recovery certificate, either meeting
 * the destination's rules (which carry the day limits). An illustration of `anyOf`.
 */
export const VACCINATED_OR_RECOVERED_POLICY: Policy = {
  id: 'VACCINATED-OR-RECOVERED',
  anyOf: [
    { credential: 'vaccination', completeCourse: true, rules: true },
    { credential: 'recovery', rules: true },
  ],
};
