import type { EntryPassInput } from '../src/pass/issue.js';

/** Seoul time 10:00 on 10 March 2021: the scheduled departure of the test traveller. */
export const DEPARTURE = new Date('2021-03-10T01:00:00Z');

/**
 * A CN→KR traveller of the CN-KR example lane, version 1, as the approving Korean node would
 * issue the pass: ICAO's specimen passport data, with a Korean-looking document.
 */
export const PASS_INPUT: EntryPassInput = {
  id: 'KR-2021-000042',
  lane: { id: 'CN-KR-FAST-TRACK', version: 1 },
  origin: 'CN',
  destination: 'KR',
  category: 'BUSINESS',
  port: 'ICN',
  region: 'KR-11',
  exemptionDays: 14,
  sponsor: { id: 'SP-0007', name: 'Hanbit Semiconductor Co.' },
  authority: { id: 'KR-MOFA-BEIJING', name: 'Embassy of the Republic of Korea in Beijing' },
  holder: {
    primaryIdentifier: 'WANG',
    secondaryIdentifier: 'XIAO<MING',
    familyName: '王',
    givenName: '小明',
    dateOfBirth: '1985-07-21',
  },
  passport: { documentNumber: 'EA1234567', nationality: 'CHN', birthDate: '1985-07-21' },
};

/** The MRZ of that passport (valid check digits; ICAO 9303 part 4 layout). */
export const PASS_MRZ = [
  'P<CHNWANG<<XIAO<MING<<<<<<<<<<<<<<<<<<<<<<<<',
  'EA12345676CHN8507217M3101012<<<<<<<<<<<<<<04',
].join('\n');

/** The entry window of the test pass: 7 days from 8 March 2021 (UTC). */
export const WINDOW = {
  at: new Date('2021-03-05T02:00:00Z'),
  validFrom: new Date('2021-03-08T00:00:00Z'),
  validUntil: new Date('2021-03-15T00:00:00Z'),
};

/**
 * A negative PCR test of the pass holder as CN issues it (an EU DCC payload), sampled at `sc`
 * (ISO-8601 without milliseconds), with certificate identifier `ci`.
 */
export function holderPcr(sc: string, ci = 'URN:UVCI:01:CN:PCR0000042#7') {
  return {
    ver: '1.3.0',
    nam: { fn: '王', gn: '小明', fnt: 'WANG', gnt: 'XIAO<MING' },
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
        ci,
      },
    ],
  };
}
