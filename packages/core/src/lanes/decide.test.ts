import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEPARTURE, PASS_INPUT, PASS_MRZ, WINDOW } from '../../test-support/entry-pass.js';
import { testIssuer } from '../../test-support/issuer.js';
import { testDocumentSigner } from '../../test-support/pass-issuer.js';
import { mrzCheckDigit } from '../mrz/parse.js';
import type { EntryPassInput } from '../pass/issue.js';
import { issueEntryPass } from '../pass/issue.js';
import { FINDINGS } from '../report/tables.js';
import { KR_RULES } from '../rules/examples/fast-track.js';
import type { TrustSource } from '../trust/trust-list.js';
import { OID_EKU_ENTRY_PASS } from '../x509/oids.js';
import { type CheckpointInput, decideCheckpoint, MAX_CHECKPOINT_CREDENTIALS } from './decide.js';
import { CN_KR_LANE_V1 } from './examples/cn-kr.js';
import { compareNames, nameLetters } from './holder.js';
import type { Lane } from './types.js';
import { validateLane } from './validate.js';

/** Boarding in Beijing one hour before the 10:00 (Seoul time) departure on 10 March 2021. */
const BOARDING = new Date('2021-03-10T00:00:00Z');
const ARRIVAL = new Date('2021-03-10T03:30:00Z');
const hoursBefore = (h: number) => new Date(DEPARTURE.getTime() - h * 3_600_000).toISOString();

function checked(lane: Lane): Lane {
  const r = validateLane(lane);
  if (!r.ok) throw new Error(`${r.code} ${r.params?.reason}`);
  return r.value;
}

const V1 = checked(CN_KR_LANE_V1);
/** The same lane with a plain 72-hour window on the CN→KR test, to show the difference. */
const V1_HOURS = checked({
  ...structuredClone(CN_KR_LANE_V1),
  directions: CN_KR_LANE_V1.directions.map((d) =>
    d.destination === 'KR'
      ? {
          ...structuredClone(d),
          health: {
            destinationRules: false,
            policy: {
              allOf: [
                { credential: 'entry-pass', issuers: ['KR'] },
                { credential: 'test', testType: ['LP6464-4'], maxAgeHours: 72 },
              ],
            },
          },
        }
      : structuredClone(d),
  ),
});
/** Amendment: a RESEARCH category on CN→KR from 9 March 2021. */
const V2 = checked({
  ...structuredClone(CN_KR_LANE_V1),
  version: 2,
  supersedes: 1,
  effectiveFrom: Date.parse('2021-03-09T00:00:00Z') / 1000,
  directions: CN_KR_LANE_V1.directions.map((d) =>
    d.destination === 'KR'
      ? {
          ...structuredClone(d),
          categories: [
            ...d.categories,
            { code: 'RESEARCH', names: { en: 'Research', zh: '科研', ko: '연구' } },
          ],
        }
      : structuredClone(d),
  ),
});

type Issuer = Awaited<ReturnType<typeof testIssuer>>;
type Signer = Awaited<ReturnType<typeof testDocumentSigner>>;
const S = {} as { kr: Signer; cn: Issuer; pass: string };

function trust(lanes: Lane[], revokedPasses: string[] = []): TrustSource {
  return {
    lookup: (kid) => [...S.kr.trust.lookup(kid), ...S.cn.trust.lookup(kid)],
    lanes: () => lanes,
    hasRevocations: revokedPasses.length > 0,
    isRevoked: async (c) => c.country === 'KR' && revokedPasses.includes(c.uci ?? ''),
  };
}

/** A CN test certificate for the traveller, sampled at `sc`. */
function pcr(sc: string, names: { fnt: string; gnt: string } = { fnt: 'WANG', gnt: 'XIAO<MING' }) {
  return S.cn.issue(
    {
      ver: '1.3.0',
      nam: { fn: '王', gn: '小明', ...names },
      dob: '1985-07-21',
      t: [
        {
          tg: '840539006',
          tt: 'LP6464-4',
          nm: 'PCR',
          sc,
          tr: '260415000',
          tc: 'Beijing Designated Laboratory 3',
          co: 'CN',
          is: 'National Health Commission',
          ci: 'URN:UVCI:01:CN:PCR0000042#7',
        },
      ],
    },
    new Date(sc),
  );
}

async function decide(over: Partial<CheckpointInput> = {}) {
  return decideCheckpoint({
    pass: S.pass,
    credentials: [await pcr(hoursBefore(30))],
    mrz: PASS_MRZ,
    trust: trust([V1]),
    checkpoint: 'boarding',
    scheduledDeparture: DEPARTURE,
    at: BOARDING,
    journey: { origin: 'CN', destination: 'KR' },
    ...over,
  });
}

const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code);

beforeAll(async () => {
  S.kr = await testDocumentSigner('KR', [OID_EKU_ENTRY_PASS]);
  S.cn = await testIssuer('CN');
  S.pass = await issueEntryPass(PASS_INPUT, { signer: S.kr.signer, ...WINDOW });
});

describe('decideCheckpoint at boarding', () => {
  it('admits a traveller with a valid pass, a recent negative PCR and the matching passport', async () => {
    const d = await decide();
    expect(codes(d)).toEqual(['LANE_ADMIT']);
    expect(d.decision).toBe('admit');
    expect(d.lane).toEqual({ id: 'CN-KR-FAST-TRACK', version: 1 });
    expect(d.pass.status).toBe('valid');
    expect(d.credentials.map((c) => c.status)).toEqual(['valid']);
    expect(d.policy?.satisfied).toBe(true);
    expect(d.arrivalProtocol).toBeUndefined();
    expect(d.reasons[0]!.message).toBe(
      'Admit at boarding: lane CN-KR-FAST-TRACK version 1, category BUSINESS.',
    );
  });

  it("refuses a test 73 hours old under a 72-hour lane, and admits it under Korea's calendar-day rule", async () => {
    const credentials = [await pcr(hoursBefore(73))];
    const hours = await decide({ credentials, trust: trust([V1_HOURS]) });
    expect(hours.decision).toBe('refuse');
    expect(codes(hours)).toEqual(['POLICY_NOT_SATISFIED', 'POLICY_REQUIREMENT_MISSING']);
    expect(hours.reasons[1]!.message).toContain('73 hours old, more than 72');
    const days = await decide({ credentials, trust: trust([V1]) });
    expect(days.decision).toBe('admit');
    // Korean time 23:30 on 6 March: four calendar days before the departure, refused.
    const older = await decide({ credentials: [await pcr('2021-03-06T14:30:00Z')] });
    expect(older.decision).toBe('refuse');
  });

  it('counts the test window from the scheduled departure, not from the check', async () => {
    // Sampled 71 h before departure; checked 3 h before departure: still within 72 h of the flight.
    const early = new Date(DEPARTURE.getTime() - 3 * 3_600_000);
    const d = await decide({
      credentials: [await pcr(hoursBefore(71))],
      trust: trust([V1_HOURS]),
      at: early,
    });
    expect(d.decision).toBe('admit');
  });

  it('refuses a pass outside its window, a revoked pass, and a pass for the other direction', async () => {
    const late = await decide({
      at: new Date('2021-03-15T01:00:00Z'),
      scheduledDeparture: new Date('2021-03-15T02:00:00Z'),
      credentials: [await pcr('2021-03-14T01:00:00Z')],
    });
    expect(late.decision).toBe('refuse');
    expect(codes(late)).toContain('PASS_EXPIRED');
    expect(codes(late)).toContain('LANE_DEPARTURE_AFTER_WINDOW');

    const revoked = await decide({ trust: trust([V1], [PASS_INPUT.id]) });
    expect(revoked.decision).toBe('refuse');
    expect(codes(revoked)).toContain('PASS_REVOKED');

    const wrong = await decide({ journey: { origin: 'KR', destination: 'CN' }, lang: 'ko' });
    expect(wrong.decision).toBe('refuse');
    expect(codes(wrong)).toEqual(['LANE_WRONG_DIRECTION']);
    expect(wrong.reasons[0]!.message).toContain('CN에서 KR');
  });

  it('refuses a passport other than the one the pass is bound to', async () => {
    const other = PASS_MRZ.replace('EA12345676', `EA1234568${mrzCheckDigit('EA1234568')}`);
    const line2 = other.split('\n')[1]!;
    const composite = line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43);
    const mrz = `${other.slice(0, -1)}${mrzCheckDigit(composite)}`;
    const d = await decide({ mrz, lang: 'zh' });
    expect(d.decision).toBe('refuse');
    expect(codes(d)).toEqual(['PASS_BINDING_MISMATCH']);
    expect(d.reasons[0]!.message).toContain('另一本护照');
  });

  it('refers when the passport cannot be read, and says why', async () => {
    const missing = await decide({ mrz: undefined });
    expect(missing.decision).toBe('refer');
    expect(missing.reasons.map((r) => [r.code, r.params?.code])).toEqual([
      ['LANE_MRZ_REQUIRED', 'MRZ_MISSING'],
    ]);
    const misread = await decide({ mrz: PASS_MRZ.replace('8507217', '8507218') });
    expect(misread.decision).toBe('refer');
    expect(misread.reasons[0]!.params?.code).toBe('MRZ_CHECK_DIGIT_INVALID');
  });

  it('refers a name that differs only in transliteration, and refuses another person', async () => {
    const near = await decide({
      credentials: [await pcr(hoursBefore(30), { fnt: 'WANG', gnt: 'XIAO<MIN' })],
    });
    expect(near.decision).toBe('refer');
    expect(codes(near)).toEqual(['LANE_HOLDER_NAME_UNCERTAIN']);
    const other = await decide({
      credentials: [await pcr(hoursBefore(30), { fnt: 'LI', gnt: 'HUA' })],
    });
    expect(other.decision).toBe('refuse');
    expect(codes(other)).toEqual(['LANE_HOLDER_MISMATCH']);
  });

  it('refers a credential in a format it does not read, next to a valid one', async () => {
    const d = await decide({
      credentials: ['XYZ1:5676290952432060346029243740', await pcr(hoursBefore(30))],
    });
    expect(d.decision).toBe('refer');
    expect(codes(d)).toContain('LANE_CREDENTIAL_UNRECOGNISED');
  });

  it('refuses when no lane version is in force in the trust data', async () => {
    const d = await decide({ trust: trust([]) });
    expect(d.decision).toBe('refuse');
    expect(codes(d)).toContain('LANE_NOT_IN_FORCE');
  });

  it('enforces an amendment that widens the categories from its effective time', async () => {
    const input: EntryPassInput = {
      ...PASS_INPUT,
      category: 'RESEARCH',
      lane: { id: 'CN-KR-FAST-TRACK', version: 2 },
    };
    const pass = await issueEntryPass(input, { signer: S.kr.signer, ...WINDOW });
    const before = await decide({
      pass,
      trust: trust([V1, V2]),
      at: new Date('2021-03-08T12:00:00Z'),
      scheduledDeparture: new Date('2021-03-08T13:00:00Z'),
      credentials: [await pcr('2021-03-07T13:00:00Z')],
    });
    expect(before.lane?.version).toBe(1);
    expect(codes(before)).toEqual(['LANE_CATEGORY_NOT_ALLOWED']);
    const after = await decide({ pass, trust: trust([V1, V2]) });
    expect(after.lane?.version).toBe(2);
    expect(after.decision).toBe('admit');
  });
});

describe('decideCheckpoint at arrival', () => {
  it('admits at the port of the pass and returns the arrival protocol', async () => {
    const d = await decide({
      checkpoint: 'arrival',
      at: ARRIVAL,
      journey: { origin: 'CN', destination: 'KR', port: 'ICN' },
    });
    expect(d.decision).toBe('admit');
    expect(d.arrivalProtocol).toEqual({
      test: true,
      testType: 'LP6464-4',
      holdHours: 24,
      monitoringDays: 14,
    });
    expect(d.reasons[0]!.message).toContain('Admit at arrival');
  });

  it('refuses a traveller who lands at another port', async () => {
    const d = await decide({
      checkpoint: 'arrival',
      at: ARRIVAL,
      journey: { origin: 'CN', destination: 'KR', port: 'PUS' },
      lang: 'zh',
    });
    expect(d.decision).toBe('refuse');
    expect(codes(d)).toEqual(['LANE_PORT_MISMATCH']);
    expect(d.reasons[0]!.message).toBe('旅客抵达口岸为 PUS，入境许可指定的口岸为 ICN。');
  });
});

describe('decideCheckpoint against the lane version in force', () => {
  it('refuses a pass for a region or port the lane does not serve', async () => {
    const jeju = await issueEntryPass(
      { ...PASS_INPUT, region: 'KR-50', port: 'CJU' },
      { signer: S.kr.signer, ...WINDOW },
    );
    const d = await decide({ pass: jeju });
    expect(d.decision).toBe('refuse');
    expect(codes(d)).toEqual(['LANE_REGION_NOT_ALLOWED', 'LANE_PORT_NOT_ALLOWED']);
  });

  it('refuses a pass whose direction the lane version in force does not cover', async () => {
    const oneWay = checked({
      ...structuredClone(CN_KR_LANE_V1),
      directions: [structuredClone(CN_KR_LANE_V1.directions[0]!)],
    });
    const d = await decide({ trust: trust([oneWay]) });
    expect(d.decision).toBe('refuse');
    expect(codes(d)).toEqual(['LANE_DIRECTION_NOT_COVERED']);
    expect(d.policy).toBeUndefined();
  });

  it("applies the destination's rules with the scheduled departure as their clock when the lane asks", async () => {
    const withRules = checked({
      ...structuredClone(CN_KR_LANE_V1),
      directions: CN_KR_LANE_V1.directions.map((d) =>
        d.destination === 'KR'
          ? {
              ...structuredClone(d),
              health: {
                destinationRules: true,
                policy: {
                  allOf: [
                    { credential: 'entry-pass', issuers: ['KR'] },
                    { credential: 'test', rules: true },
                  ],
                },
              },
            }
          : structuredClone(d),
      ),
    });
    // Checked at arrival, 14 h after a departure 73 h after the sample: TR-KR-0003 counts
    // calendar days to the departure, so it passes; counted to the arrival it would not.
    const credentials = [await pcr(hoursBefore(73))];
    const d = await decide({
      trust: trust([withRules]),
      rules: KR_RULES,
      credentials,
      checkpoint: 'arrival',
      at: new Date(DEPARTURE.getTime() + 14 * 3_600_000),
      journey: { origin: 'CN', destination: 'KR', port: 'ICN' },
    });
    expect(d.credentials[0]!.steps.rules).toBe('passed');
    expect(d.credentials[0]!.rules?.map((r) => r.identifier)).toContain('TR-KR-0003');
    expect(d.decision).toBe('admit');
    const old = await decide({
      trust: trust([withRules]),
      rules: KR_RULES,
      credentials: [await pcr('2021-03-06T14:30:00Z')],
    });
    expect(old.decision).toBe('refuse');
    expect(old.credentials[0]!.steps.rules).toBe('failed');
  });

  it('checks at most a bounded number of credentials', async () => {
    const many = Array.from({ length: MAX_CHECKPOINT_CREDENTIALS + 1 }, () => 'HC1:x');
    const d = await decide({ credentials: many });
    expect(d.decision).toBe('refuse');
    expect(d.credentials).toEqual([]);
    expect(codes(d)).toContain('LANE_CREDENTIALS_TOO_MANY');
  });

  it('answers any pass, MRZ and credential text with a decision and declared codes (fixed seed)', async () => {
    const known = new Set(Object.keys(FINDINGS));
    const text = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.constant(PASS_MRZ),
      fc.string({ maxLength: 60 }).map((t) => `CP1:${t}`),
      fc.string({ maxLength: 60 }).map((t) => `HC1:${t}`),
    );
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.option(text),
        fc.array(text, { maxLength: 3 }),
        async (pass, mrz, credentials) => {
          const d = await decide({
            pass,
            credentials,
            ...(mrz === null ? { mrz: undefined } : { mrz }),
          });
          expect(['admit', 'refuse', 'refer']).toContain(d.decision);
          expect(d.decision).not.toBe('admit');
          for (const r of d.reasons) expect(known.has(r.code), r.code).toBe(true);
        },
      ),
      { seed: 0xdec1de, numRuns: 150, endOnFailure: true },
    );
  });
});

describe('name letters (fixed seed)', () => {
  it('agree with toUpperCase and dropping all but A-Z, for MRZ names and any other text', () => {
    const mrzName = fc.stringMatching(/^[A-Z< -]{0,24}$/);
    const anyName = fc.string({ unit: 'binary', maxLength: 24 });
    fc.assert(
      fc.property(fc.oneof(mrzName, anyName), (name) => {
        expect(nameLetters(name)).toBe(name.toUpperCase().replace(/[^A-Z]/g, ''));
      }),
      { seed: 0x1e77e5, numRuns: 1000, endOnFailure: true },
    );
    expect(nameLetters('XIAO<MING')).toBe('XIAOMING');
    expect(nameLetters('Straße')).toBe('STRASSE');
    expect(compareNames('VAN<DER<BERG', 'van der Berg')).toBe('same');
  });
});
