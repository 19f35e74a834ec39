import { describe, expect, it } from 'vitest';
import { testIssuer } from '../../test-support/issuer.js';
import { evaluatePolicy } from '../policy/index.js';
import { verify } from '../verify.js';

// A WHO DDCC:TR data set at -260/1 of an HC1 code goes through the one verify() and comes out
// normalised like an EU test, so a policy "a test of at most 72 h" decides on it.

const AT = new Date('2022-07-28T06:00:00Z');
const TR = {
  name: 'Bo Example',
  birthDate: '1985-11-30',
  identifier: 'URN:UVCI:01:SG:0001',
  test: {
    pathogen: { system: 'http://id.who.int/icd11/mms', code: 'XN109' },
    type: { system: 'http://loinc.org', code: 'LP6464-4' },
    date: '2022-07-27T06:15:00Z',
    result: { system: 'http://snomed.info/sct', code: '260415000' },
    country: { system: 'urn:iso:std:iso:3166', code: 'SGP' },
    centre: 'Example Laboratory',
  },
};

describe('WHO DDCC payloads through verify()', () => {
  it('verifies a DDCC:TR code and reads it into the normalised view a policy decides on', async () => {
    const { trust, issue } = await testIssuer('SG');
    const code = await issue(TR, new Date('2022-07-27T08:00:00Z'));
    const report = await verify(code, { trust, at: AT });
    expect(report.findings).toEqual([]);
    expect(report.status).toBe('valid');
    expect(report.credential).toMatchObject({
      format: 'hcert',
      profile: 'DDCC:TR',
      type: 'test',
      holder: { dateOfBirth: '1985-11-30' },
    });
    const decision = evaluatePolicy({ credential: 'test', maxAgeHours: 72 }, [report], { at: AT });
    expect(decision.satisfied).toBe(true);
    const late = evaluatePolicy({ credential: 'test', maxAgeHours: 12 }, [report], { at: AT });
    expect(late.satisfied).toBe(false);
  });

  it('names a DDCC data set that lacks required elements, instead of the EU schema errors', async () => {
    const { trust, issue } = await testIssuer('SG');
    const { result: _r, ...resultless } = TR.test;
    const report = await verify(await issue({ ...TR, test: resultless }, AT), { trust, at: AT });
    expect(report.status).toBe('invalid');
    expect(report.findings.map((f) => f.code)).toEqual(['DDCC_PAYLOAD_INVALID']);
  });
});
