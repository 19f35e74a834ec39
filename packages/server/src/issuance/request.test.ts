import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/problem.js';
import { createIssuanceNode } from './config.js';
import { euValueSets } from './eu-valuesets.js';
import { prepareCertificate } from './request.js';

const NOW = new Date('2026-03-01T09:00:00Z');

const vaccination = (entry: Record<string, unknown> = {}, nam: Record<string, unknown> = {}) => ({
  type: 'vaccination' as const,
  payload: {
    nam: { fn: '김', fnt: 'KIM', gn: '민준', gnt: 'MINJUN', ...nam },
    dob: '1980-01-01',
    v: [
      {
        tg: '840539006',
        vp: '1119349007',
        mp: 'EU/1/20/1528',
        ma: 'ORG-100030215',
        dn: 2,
        sd: 2,
        dt: '2026-01-10',
        co: 'KR',
        ...entry,
      },
    ],
  },
});

/** The field errors a refused request carries ([] when it was accepted). */
function refusal(run: () => unknown): { path: string; code: string }[] {
  try {
    run();
    return [];
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    expect(error.code).toBe('DCC_INVALID');
    return error.errors.map((e) => ({ path: e.path, code: e.code }));
  }
}

describe('issuance input checks (no value sets configured: the shipped EU ones apply)', async () => {
  const node = await createIssuanceNode({
    country: 'KR',
    issuerName: 'KDCA',
    dscs: [],
    nodeSecret: new Uint8Array(32).fill(1),
  });
  const prepare = (request: ReturnType<typeof vaccination>) => () =>
    prepareCertificate(node, request, NOW);

  it('ships the EU value sets: countries, products, manufacturers, test types and results', () => {
    const ids = euValueSets().map((s) => s.valueSetId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'country-2-codes',
        'vaccines-covid-19-names',
        'vaccines-covid-19-auth-holders',
        'covid-19-lab-test-type',
        'covid-19-lab-result',
      ]),
    );
  });

  it('accepts a well-formed vaccination', () => {
    expect(refusal(prepare(vaccination()))).toEqual([]);
  });

  it('refuses a country outside the value set (XX) and an unknown product', () => {
    expect(refusal(prepare(vaccination({ co: 'XX', mp: 'EU/1/99/0000' })))).toEqual(
      expect.arrayContaining([
        { path: '/payload/v/0/co', code: 'VALUESET_UNKNOWN_CODE' },
        { path: '/payload/v/0/mp', code: 'VALUESET_UNKNOWN_CODE' },
      ]),
    );
  });

  it('refuses a lone surrogate instead of replacing it', () => {
    expect(refusal(prepare(vaccination({}, { fn: 'Kim\uD800' })))).toEqual([
      { path: '/payload/nam/fn', code: 'TEXT_LONE_SURROGATE' },
    ]);
    expect(refusal(prepare(vaccination({ is: '\uDC00 Ministry' })))).toEqual([
      { path: '/payload/v/0/is', code: 'TEXT_LONE_SURROGATE' },
    ]);
    // A well-formed pair (an emoji) is text like any other.
    expect(refusal(prepare(vaccination({ is: 'Ministry \u{1F489}' })))).toEqual([]);
  });

  it('refuses dose numbers beyond any real course', () => {
    expect(refusal(prepare(vaccination({ dn: 21, sd: 1e9 })))).toEqual([
      { path: '/payload/v/0/dn', code: 'DOSE_OUT_OF_RANGE' },
      { path: '/payload/v/0/sd', code: 'DOSE_OUT_OF_RANGE' },
    ]);
    expect(refusal(prepare(vaccination({ dn: 4, sd: 2 })))).toEqual([]);
  });
});
