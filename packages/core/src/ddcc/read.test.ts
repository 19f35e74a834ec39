import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../cbor/encode.js';
import { readHcertClaims } from '../hcert/cwt.js';
import { ddccValidityProblems, readDdccPayload } from './read.js';

/** A DDCC:VS data set in the RC1 form WHO's HC1 examples use (values made up here). */
const VS_RC1 = {
  name: 'Ada Example',
  birthDate: '1990-02-03',
  identifier: 'P1234567',
  sex: { system: 'http://hl7.org/fhir/administrative-gender', code: 'female' },
  vaccine: { system: 'http://id.who.int/icd11/mms', code: 'XM0GQ8' },
  brand: {
    system: 'https://ec.europa.eu/health/documents/community-register/html/',
    code: 'EU/1/20/1528',
  },
  manufacturer: { system: 'https://example.org/manufacturers', code: 'ORG-100030215' },
  lot: 'LOT42',
  date: '2021-07-08',
  dose: 1,
  total_doses: 2,
  country: { system: 'urn:iso:std:iso:3166', code: 'KOR' },
  centre: 'Seoul Vaccination Centre',
  disease: { system: 'http://id.who.int/icd11/mms', code: 'RA01' },
  hcid: 'KR-HCID-0001',
  valid_from: '2021-07-08',
  valid_until: '2022-07-08',
};

/** A DDCC:TR data set in the RC2 form (nested `test`). */
const TR_RC2 = {
  name: 'Bo Example',
  birthDate: '1985-11-30',
  identifier: 'URN:UVCI:01:XX:0001',
  test: {
    pathogen: { system: 'http://id.who.int/icd11/mms', code: 'XN109' },
    type: { system: 'http://loinc.org', code: 'LP6464-4' },
    date: '2022-07-27T06:15:00Z',
    result: { system: 'http://snomed.info/sct', code: '260415000' },
    country: { system: 'urn:iso:std:iso:3166', code: 'SGP' },
    centre: 'Example Laboratory',
  },
};

const EU_DCC = {
  ver: '1.3.0',
  nam: { fn: 'Muster', fnt: 'MUSTER' },
  dob: '1980-01-01',
  v: [
    {
      tg: '840539006',
      vp: '1119349007',
      mp: 'EU/1/20/1528',
      ma: 'ORG-100030215',
      dn: 1,
      sd: 2,
      dt: '2021-05-01',
      co: 'DE',
      is: 'RKI',
      ci: 'URN:UVCI:01:DE:X',
    },
  ],
};

function claims(payload: unknown) {
  const read = readHcertClaims(encodeCbor(payload));
  if (!read.ok) throw new Error(read.code);
  return read.value;
}

const cwt = (hcert: unknown) =>
  new Map<number, unknown>([
    [1, 'SG'],
    [6, 1_650_000_000],
    [4, 1_700_000_000],
    [-260, new Map([[1, hcert]])],
  ]);

describe('WHO DDCC payloads in HC1', () => {
  it('leaves EU DCC payloads to the EU pipeline', () => {
    const read = claims(cwt(EU_DCC));
    expect(read.dcc).toEqual(EU_DCC);
    expect(read.ddcc).toBeUndefined();
    expect(readDdccPayload(read)).toBeUndefined();
  });

  it('reads a DDCC:VS data set sent as the whole COSE payload (no CWT claims)', () => {
    const read = claims(VS_RC1);
    expect(read).toMatchObject({ dcc: undefined, ddcc: VS_RC1 });
    const ddcc = readDdccPayload(read)!;
    expect(ddcc).toMatchObject({
      profile: 'DDCC:VS',
      type: 'vaccination',
      holder: { familyName: 'Ada Example', dateOfBirth: '1990-02-03' },
      validFrom: '2021-07-08',
      validUntil: '2022-07-08',
      problems: [],
    });
    expect(ddcc.dcc).toEqual({
      ver: '1.3.0',
      nam: { fn: 'Ada Example' },
      dob: '1990-02-03',
      v: [
        {
          tg: '840539006',
          vp: '1119349007',
          mp: 'EU/1/20/1528',
          ma: 'ORG-100030215',
          dn: 1,
          sd: 2,
          dt: '2021-07-08',
          co: 'KR',
          ci: 'KR-HCID-0001',
        },
      ],
    });
  });

  it('reads a DDCC:TR data set at -260/1, with a sample time policies can compare', () => {
    const ddcc = readDdccPayload(claims(cwt(TR_RC2)))!;
    expect(ddcc.profile).toBe('DDCC:TR');
    expect(ddcc.type).toBe('test');
    expect(ddcc.problems).toEqual([]);
    expect(ddcc.dcc.t).toEqual([
      {
        tg: '840539006',
        tt: 'LP6464-4',
        sc: '2022-07-27T06:15:00Z',
        tr: '260415000',
        tc: 'Example Laboratory',
        co: 'SG',
        is: 'SG',
        ci: 'URN:UVCI:01:XX:0001',
      },
    ]);
  });

  it('finds the data set at the other positions WHO drafts give it (-260/2..4, -255, -254)', () => {
    const at = (key: number, value: unknown) =>
      new Map<number, unknown>([
        [6, 1_650_000_000],
        [-260, new Map([[key, value]])],
      ]);
    expect(readDdccPayload(claims(at(2, VS_RC1)))?.profile).toBe('DDCC:VS');
    expect(readDdccPayload(claims(at(4, [TR_RC2])))?.profile).toBe('DDCC:TR');
    const topLevel = new Map<number, unknown>([[-254, TR_RC2]]);
    expect(readDdccPayload(claims(topLevel))?.profile).toBe('DDCC:TR');
    expect(readHcertClaims(encodeCbor(at(2, { name: 'no event' })))).toMatchObject({
      ok: false,
      code: 'CWT_HCERT_MISSING',
    });
  });

  it('reads the RC2 vaccination form with its certificate block', () => {
    const rc2 = {
      name: 'Cy Example',
      certificate: {
        hcid: { value: 'HCID-9' },
        issuer: { identifier: { value: 'Ministry of Health' } },
        period: { start: '2021-01-01', end: '2021-12-31' },
        version: 'RC-2.0.0',
      },
      vaccination: {
        vaccine: { system: 'http://id.who.int/icd11/mms', code: 'XM9QW8' },
        brand: { code: 'Covishield' },
        maholder: { code: 'ORG-100001981' },
        lot: 'A1',
        date: '2021-03-03',
        dose: 2,
        totalDoses: 2,
        country: { code: 'IND' },
      },
    };
    const ddcc = readDdccPayload(claims(rc2))!;
    expect(ddcc.dcc.v).toEqual([
      {
        tg: '840539006',
        vp: '29061000087103',
        mp: 'Covishield',
        ma: 'ORG-100001981',
        dn: 2,
        sd: 2,
        dt: '2021-03-03',
        co: 'IN',
        is: 'Ministry of Health',
        ci: 'HCID-9',
      },
    ]);
    expect(ddcc).toMatchObject({ validFrom: '2021-01-01', validUntil: '2021-12-31' });
  });

  it('names the required elements a data set lacks', () => {
    const { dose: _dose, country: _country, ...partial } = VS_RC1;
    const ddcc = readDdccPayload(claims(partial))!;
    expect(ddcc.problems.map((p) => p.params.path)).toEqual(['/vaccination/dose', '/country']);
    expect(ddcc.problems.every((p) => p.code === 'DDCC_PAYLOAD_INVALID')).toBe(true);
  });

  it('dates a code without CWT claims by the data set (a date-only end lasts the whole day)', () => {
    const ddcc = readDdccPayload(claims(VS_RC1))!;
    expect(ddccValidityProblems(ddcc, new Date('2022-07-08T23:59:59Z'))).toEqual([]);
    expect(ddccValidityProblems(ddcc, new Date('2022-07-09T00:00:00Z'))).toEqual([
      { code: 'DDCC_EXPIRED', params: { validUntil: '2022-07-08' } },
    ]);
    expect(ddccValidityProblems(ddcc, new Date('2021-07-07T12:00:00Z'))).toEqual([
      { code: 'DDCC_NOT_YET_VALID', params: { validFrom: '2021-07-08' } },
    ]);
  });

  it('does not take an EU DCC or arbitrary maps for DDCC', () => {
    expect(readHcertClaims(encodeCbor({ name: 'x' }))).toMatchObject({
      ok: false,
      code: 'CWT_HCERT_MISSING',
    });
    expect(claims(cwt({ ...EU_DCC, name: 'x', vaccine: {} })).ddcc).toBeUndefined();
  });
});
