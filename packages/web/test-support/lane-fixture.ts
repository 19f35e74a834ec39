import { defaultCrypto } from '@corridor/core/crypto';
import { CN_KR_LANE_V1, countersignLane, type Lane, signLane } from '@corridor/core/lanes';
import { toBase64 } from '@corridor/core/lib';
import { issueEntryPass } from '@corridor/core/pass';
import { KR_RULES, signRuleSet } from '@corridor/core/rules';
import { A, makeArrivalFixtures, signArrivalBundle, testCertificate } from '@corridor/server/lanes';
import { PASS_INPUT, PASS_MRZ, WINDOW } from '../../core/test-support/entry-pass.js';

/**
 * The CN-KR lane as the scanner tests use it: version 1 with a plain 72-hour window on the
 * CN→KR test (the example lane counts Korea's 2021 calendar days instead), so a test 73 hours
 * old is refused, and Korea's own CertLogic rules applied to the certificates
 * (`destinationRules`), so a positive test the policy alone lets through is refused by rule.
 */
export const LANE_72H: Lane = {
  ...structuredClone(CN_KR_LANE_V1),
  directions: CN_KR_LANE_V1.directions.map((d) =>
    d.destination === 'KR'
      ? {
          ...structuredClone(d),
          health: {
            destinationRules: true,
            policy: {
              id: 'KR-FAST-TRACK-72H',
              allOf: [
                { credential: 'entry-pass', issuers: ['KR'] },
                { credential: 'test', testType: ['LP6464-4'], maxAgeHours: 72 },
              ],
            },
          },
        }
      : structuredClone(d),
  ),
};

/** A scanner with a lane: the gateway's anchor, a bundle carrying the lane, a pass, its MRZ. */
export interface LaneScannerFixture {
  anchorPem: string;
  bundle: Uint8Array;
  /** The traveller's entry pass (`CP1:`), CN→KR, entry window 8–15 March 2021. */
  pass: string;
  /** The passport the pass is bound to (two TD3 lines). */
  mrz: string;
  /** An HC1 test certificate of the traveller issued by CN, sampled at `sampledAt`. */
  pcr(sampledAt: Date, result?: 'negative' | 'positive'): Promise<string>;
}

/**
 * Makes the server's arrival fixtures (CN and KR keys, KR's entry-pass DSC, the gateway anchor)
 * and a gateway-signed bundle with {@link LANE_72H} countersigned by both authorities and the
 * CN-KR recognition agreement and Korea's example rule set (`KR_RULES`, signed by Korea's
 * authority), valid from 20 February 2021 for 60 days.
 */
export async function createLaneScannerFixture(): Promise<LaneScannerFixture> {
  await makeArrivalFixtures();
  const signed = await signLane(LANE_72H, A.cn.authoritySigner);
  if (!signed.ok) throw new Error(signed.code);
  const lane = await countersignLane(signed.value, A.kr.authoritySigner);
  if (!lane.ok) throw new Error(lane.code);
  const bundle = await signArrivalBundle(lane.value, [
    await signRuleSet(KR_RULES, A.kr.authoritySigner, defaultCrypto()),
  ]);
  const spki = new Uint8Array(
    await globalThis.crypto.subtle.exportKey('spki', A.anchor.key.key as CryptoKey),
  );
  const pass = await issueEntryPass(PASS_INPUT, {
    signer: {
      alg: A.passDsc.keys.alg,
      privateKey: A.passDsc.keys.privateKey,
      kid: A.passDsc.kid,
      country: 'KR',
    },
    ...WINDOW,
  });
  return {
    anchorPem: `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`,
    bundle,
    pass,
    mrz: PASS_MRZ,
    pcr: (sampledAt, result) => testCertificate('CN', { sampledAt, ...(result ? { result } : {}) }),
  };
}
