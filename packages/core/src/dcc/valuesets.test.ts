import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../test-support/vectors.js';
import { LANGS } from '../report/finding.js';
import { checkValueSets } from './check-valuesets.js';
import { displayName } from './display-name.js';
import { DCC_FINDINGS } from './findings.js';
import { BUILTIN_VALUE_SET_NAMES } from './valueset-names.js';
import { type EuValueSet, parseEuValueSet } from './valuesets.js';

const dir = vectorsDir('valuesets');

function loadSets(): EuValueSet[] {
  const sets: EuValueSet[] = [];
  for (const name of readdirSync(dir!).filter((f) => f.endsWith('.json'))) {
    if (name === 'vaccine-encoding-instructions.json') continue; // not a code -> name set
    const parsed = parseEuValueSet(readFileSync(path.join(dir!, name), 'utf8'));
    if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.params)}`);
    sets.push(parsed.value);
  }
  return sets;
}

const payload = {
  ver: '1.3.0',
  nam: { fnt: 'DOE' },
  dob: '1990',
  v: [
    {
      tg: '840539006',
      vp: '1119349007',
      mp: 'EU/1/20/1528',
      ma: 'ORG-100030215',
      dn: 2,
      sd: 2,
      dt: '2021-06-01',
      co: 'KR',
      is: 'KDCA',
      ci: 'URN:UVCI:01:KR:X',
    },
  ],
};

describe('parseEuValueSet', () => {
  it('refuses malformed value sets with a reason instead of throwing', () => {
    expect(parseEuValueSet('{')).toMatchObject({ ok: false, code: 'VALUESET_MALFORMED' });
    expect(parseEuValueSet([])).toMatchObject({ ok: false });
    expect(parseEuValueSet({ valueSetId: 'x', valueSetDate: '2021-01-01' })).toMatchObject({
      ok: false,
      params: { reason: 'valueSetValues is not an object' },
    });
    expect(
      parseEuValueSet({
        valueSetId: 'x',
        valueSetDate: '2021-01-01',
        valueSetValues: { a: { display: 1, active: true } },
      }),
    ).toMatchObject({ ok: false });
  });

  it('does not let codes such as __proto__ or constructor reach the prototype', () => {
    const parsed = parseEuValueSet(
      '{"valueSetId":"x","valueSetDate":"","valueSetValues":{"__proto__":{"display":"p","active":true}}}',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.hasOwn(parsed.value.valueSetValues, '__proto__')).toBe(true);
    expect(Object.hasOwn(parsed.value.valueSetValues, 'constructor')).toBe(false);
  });
});

describe.skipIf(!dir)('value sets from eu-dcc-valuesets', () => {
  const sets = dir ? loadSets() : [];

  it('parse, with their EU ids and codes', () => {
    const ids = sets.map((s) => s.valueSetId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'sct-vaccines-covid-19',
        'vaccines-covid-19-names',
        'country-2-codes',
      ]),
    );
    const products = sets.find((s) => s.valueSetId === 'vaccines-covid-19-names')!;
    expect(products.valueSetValues['EU/1/20/1528']).toMatchObject({
      display: 'Comirnaty',
      active: true,
    });
  });

  it('know every code of a typical payload', () => {
    expect(checkValueSets(payload, sets)).toEqual([]);
  });

  it('report an unknown code with its path and value set', () => {
    const odd = structuredClone(payload);
    odd.v[0]!.mp = 'EU/9/99/9999';
    odd.v[0]!.co = 'XX';
    expect(checkValueSets(odd, sets)).toEqual([
      { path: '/v/0/mp', valueSetId: 'vaccines-covid-19-names', code: 'EU/9/99/9999' },
      { path: '/v/0/co', valueSetId: 'country-2-codes', code: 'XX' },
    ]);
  });

  it('check test fields (tt, ma, tr) and leave unprovided sets unjudged', () => {
    const test = {
      t: [{ tg: '840539006', tt: 'LP0000-0', ma: '99999', tr: 'constructor', co: 'DE' }],
    };
    expect(checkValueSets(test, sets).map((u) => u.path)).toEqual([
      '/t/0/tt',
      '/t/0/ma',
      '/t/0/tr',
    ]);
    expect(checkValueSets(test, [])).toEqual([]);
  });

  it('have English built-in names equal to the shared sets, and zh and ko for each', () => {
    for (const [id, codes] of Object.entries(BUILTIN_VALUE_SET_NAMES)) {
      const set = sets.find((s) => s.valueSetId === id);
      expect(set, id).toBeDefined();
      for (const [code, names] of Object.entries(codes)) {
        expect(set!.valueSetValues[code]?.display, `${id} ${code}`).toBe(names.en);
        for (const lang of LANGS) expect(names[lang].length).toBeGreaterThan(0);
      }
    }
  });

  it('name codes the built-in table lacks from the external sets, in English', () => {
    expect(displayName('test-manf', '1232', 'zh', sets)).toBe(
      'Abbott Rapid Diagnostics, Panbio COVID-19 Ag Rapid Test',
    );
  });
});

describe('displayName', () => {
  it('names built-in codes in en, zh and ko, keeping brand names', () => {
    expect(displayName('sct-vaccines-covid-19', '1119349007', 'en')).toBe(
      'SARS-CoV-2 mRNA vaccine',
    );
    expect(displayName('vaccine-prophylaxis', '1119349007', 'zh')).toBe('SARS-CoV-2 mRNA 疫苗');
    expect(displayName('covid-19-lab-result', '260415000', 'ko')).toBe('검출되지 않음');
    expect(displayName('vaccine-medicinal-product', 'EU/1/20/1528', 'ko')).toBe('Comirnaty');
  });

  it('names countries through Intl.DisplayNames', () => {
    expect(displayName('country-2-codes', 'KR', 'en')).toBe('South Korea');
    expect(displayName('country-2-codes', 'CN', 'zh')).toBe('中国');
    expect(displayName('country-2-codes', 'DE', 'ko')).toBe('독일');
  });

  it('falls back to the code when nothing knows it', () => {
    expect(displayName('vaccines-covid-19-names', 'NOPE', 'zh')).toBe('NOPE');
    expect(displayName('country-2-codes', 'nope', 'en')).toBe('nope');
    expect(displayName('unknown-set', '__proto__', 'en')).toBe('__proto__');
  });

  it('prefers an external name in the asked language, else English', () => {
    const set: EuValueSet = {
      valueSetId: 'x-set',
      valueSetDate: '2024-01-01',
      valueSetValues: Object.assign(Object.create(null), {
        a: { display: 'Alpha', lang: 'en', active: true, version: '', system: '' },
      }),
    };
    const zh: EuValueSet = {
      ...set,
      valueSetValues: Object.assign(Object.create(null), {
        a: { display: '阿尔法', lang: 'zh', active: true, version: '', system: '' },
      }),
    };
    expect(displayName('x-set', 'a', 'ko', [set, zh])).toBe('Alpha');
    expect(displayName('x-set', 'a', 'zh', [set, zh])).toBe('阿尔法');
  });
});

describe('DCC_FINDINGS', () => {
  it('declares the schema and value-set codes with placeholders in every language', () => {
    expect(DCC_FINDINGS.DCC_SCHEMA_INVALID).toMatchObject({ layer: 'schema', severity: 'error' });
    expect(DCC_FINDINGS.VALUESET_UNKNOWN_CODE).toMatchObject({
      layer: 'valueset',
      severity: 'warning',
    });
    for (const lang of LANGS) {
      expect(DCC_FINDINGS.DCC_SCHEMA_INVALID.messages[lang]).toMatch(/\{path\}.*\{detail\}/);
      for (const p of ['{code}', '{path}', '{valueSetId}']) {
        expect(DCC_FINDINGS.VALUESET_UNKNOWN_CODE.messages[lang]).toContain(p);
      }
    }
  });
});
