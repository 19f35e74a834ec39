import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decode } from 'cborg';
import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../test-support/vectors.js';
import { certificateType } from './certificate-type.js';
import { MAX_DCC_ISSUES, validateDcc } from './validate.js';

const schemaDir = vectorsDir('eu-dcc-schema');
const testdataDir = vectorsDir('dgc-testdata');

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** A minimal valid 1.3.x vaccination payload; each test copies and changes it. */
function vaccination(): Record<string, unknown> {
  return {
    ver: '1.3.0',
    nam: { fn: 'Jones', fnt: 'JONES', gn: 'Dave', gnt: 'DAVE' },
    dob: '1964-01-02',
    v: [
      {
        tg: '840539006',
        vp: '1119349007',
        mp: 'EU/1/20/1507',
        ma: 'ORG-100031184',
        dn: 1,
        sd: 2,
        dt: '2021-06-11',
        co: 'NL',
        is: 'Ministry of Health Welfare and Sport',
        ci: 'URN:UVCI:01:NL:DADFCC47C7334E45A906DB12FD859FB7',
      },
    ],
  };
}

function entry(p: Record<string, unknown>, group = 'v'): Record<string, unknown> {
  return (p[group] as Record<string, unknown>[])[0]!;
}

function rules(p: unknown): string[] {
  return validateDcc(p).map((i) => `${i.path} ${i.rule}`);
}

describe.skipIf(!schemaDir)('validateDcc against the eu-dcc-schema examples', () => {
  const dir = schemaDir!;
  it.each(readdirSync(path.join(dir, 'test/valid')))('accepts test/valid/%s', (name) => {
    expect(validateDcc(readJson(path.join(dir, 'test/valid', name)))).toEqual([]);
  });
  it.each(readdirSync(path.join(dir, 'test/invalid')))('refuses test/invalid/%s', (name) => {
    expect(validateDcc(readJson(path.join(dir, 'test/invalid', name))).length).toBeGreaterThan(0);
  });
});

/** Map-decoded CBOR to plain objects (only for vectors that carry no JSON). */
function plain(x: unknown): unknown {
  if (x instanceof Map) {
    return Object.fromEntries([...x.entries()].map(([k, v]) => [String(k), plain(v)]));
  }
  if (Array.isArray(x)) return x.map(plain);
  return x;
}

function payloadOf(vector: Record<string, unknown>): unknown {
  if (vector.JSON !== undefined) return vector.JSON;
  if (typeof vector.CBOR !== 'string') return undefined;
  const decoded = plain(decode(Buffer.from(vector.CBOR, 'hex'), { useMaps: true })) as Record<
    string,
    unknown
  >;
  const hcert = decoded['-260'] as Record<string, unknown> | undefined;
  return hcert ? hcert['1'] : decoded;
}

describe.skipIf(!testdataDir)('validateDcc against dgc-testdata EXPECTEDSCHEMAVALIDATION', () => {
  const dir = testdataDir!;
  const cases: [string, unknown, boolean][] = [];
  for (const country of readdirSync(dir)) {
    const raw = path.join(dir, country, '2DCode/raw');
    let files: string[];
    try {
      files = readdirSync(raw).filter((f) => f.endsWith('.json'));
    } catch {
      continue;
    }
    for (const file of files) {
      const vector = readJson(path.join(raw, file)) as Record<string, unknown>;
      const expected = (vector.EXPECTEDRESULTS as Record<string, unknown> | undefined)
        ?.EXPECTEDSCHEMAVALIDATION;
      if (typeof expected !== 'boolean') continue;
      cases.push([`${country}/${file}`, payloadOf(vector), expected]);
    }
  }

  it('finds the flagged vectors, including both refusals in common/', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(cases.filter(([, , e]) => !e).map(([n]) => n)).toEqual(
      expect.arrayContaining(['common/DGC1.json', 'common/DGC2.json']),
    );
  });
  it.each(cases)('%s is classified as the vector expects', (_name, payload, expected) => {
    const issues = validateDcc(payload);
    if (expected) expect(issues).toEqual([]);
    else expect(issues.length).toBeGreaterThan(0);
  });
});

describe('validateDcc rules of schema 1.3.x', () => {
  it('accepts a minimal vaccination payload and unknown extra members everywhere', () => {
    const p = vaccination();
    p.extra = { deep: [1, 2, 3] };
    (p.nam as Record<string, unknown>).x = 1;
    entry(p).zz = null;
    expect(validateDcc(p)).toEqual([]);
  });

  it('requires ver, nam and dob and reports JSON pointers', () => {
    const p = vaccination();
    delete p.ver;
    delete p.dob;
    entry(p).dn = 0;
    delete entry(p).ci;
    expect(rules(p).sort()).toEqual([' required', ' required', '/v/0 required', '/v/0/dn minimum']);
  });

  it('needs exactly one group with exactly one entry', () => {
    const none = vaccination();
    delete none.v;
    expect(rules(none)).toEqual([' oneOf']);
    const two = vaccination();
    two.r = [];
    expect(rules(two)).toEqual([' oneOf', '/r minItems']);
    const twice = vaccination();
    twice.v = [entry(twice), entry(twice)];
    expect(rules(twice)).toEqual(['/v maxItems']);
  });

  it('needs fnt or gnt, ICAO characters, and at most 80 code points', () => {
    const p = vaccination();
    p.nam = { fn: 'Jones' };
    expect(rules(p)).toEqual(['/nam anyOf']);
    p.nam = { gnt: 'DAVE<JONES', fnt: 'Jones' };
    expect(rules(p)).toEqual(['/nam/fnt pattern']);
    p.nam = { fnt: 'A'.repeat(81) };
    expect(rules(p)).toEqual(['/nam/fnt maxLength']);
    p.nam = { fnt: '', fn: '😀'.repeat(80) };
    expect(rules(p)).toEqual([]);
    p.nam = { fnt: '', fn: `${'😀'.repeat(80)}x` };
    expect(rules(p)).toEqual(['/nam/fn maxLength']);
  });

  it('reads ver and co patterns exactly as the schema writes them', () => {
    const p = vaccination();
    for (const ver of ['1.3.0', '10.20.30', '1x3y0', '12345', '1😀2.3']) {
      p.ver = ver;
      expect(rules(p), ver).toEqual([]);
    }
    for (const ver of ['1.3', '1.3.0-rc1', 'v1.3.0', '1\n3.0', '']) {
      p.ver = ver;
      expect(rules(p), ver).toEqual(['/ver pattern']);
    }
    p.ver = '1.3.0';
    for (const co of ['NL', 'xNx', 'ABCDEFGHIJKLMN']) {
      entry(p).co = co;
      expect(rules(p), co).toEqual([]);
    }
    entry(p).co = 'nl';
    expect(rules(p)).toEqual(['/v/0/co pattern']);
  });

  it('accepts partial and empty dob, refuses other forms', () => {
    const p = vaccination();
    for (const dob of ['', '1964', '1964-01', '2099-12-31', '1900-00-00']) {
      p.dob = dob;
      expect(rules(p), dob).toEqual([]);
    }
    for (const dob of ['1899', '64-01-02', '1964-01-02T00:00:00', '1964-1-2']) {
      p.dob = dob;
      expect(rules(p), dob).toEqual(['/dob pattern']);
    }
  });

  it('checks dose numbers as integers of at least 1, without a maximum', () => {
    const p = vaccination();
    entry(p).dn = 12;
    entry(p).sd = 1.0;
    expect(rules(p)).toEqual([]);
    entry(p).dn = 1.5;
    entry(p).sd = '2';
    expect(rules(p)).toEqual(['/v/0/dn type', '/v/0/sd type']);
  });

  it('checks date and date-time formats as the schema harness does', () => {
    const p = vaccination();
    entry(p).dt = '2020-02-29';
    expect(rules(p)).toEqual([]);
    for (const dt of ['2021-02-29', '2021-13-01', '2021-06-11T00:00:00Z', '2021-6-11']) {
      entry(p).dt = dt;
      expect(rules(p), dt).toEqual(['/v/0/dt format']);
    }
    const t = vaccination();
    delete t.v;
    t.t = [
      {
        tg: '840539006',
        tt: 'LP6464-4',
        sc: '2021-06-11T10:00:00Z',
        tr: '260415000',
        co: 'NL',
        is: 'Ministry',
        ci: 'URN:UVCI:01:NL:X',
      },
    ];
    for (const sc of [
      '2021-06-11T10:00:00+02:00',
      '2021-06-11T10:00:00+0200',
      '2021-06-11T10:00:00-02',
      '2021-06-11t10:00:00.123z',
      '2021-06-11 10:00:00Z',
      '2021-06-11T10:00:00',
      '2016-12-31T23:59:60Z',
    ]) {
      entry(t, 't').sc = sc;
      expect(rules(t), sc).toEqual([]);
    }
    for (const sc of [
      '2021-06-11T24:00:00Z',
      '2021-06-11T10:00:60Z',
      '2021-06-11T10:00:00+2',
      '2021-06-11T10:00:00+02:0',
      '2021-06-11T10:00',
      '2021-06-11TT10:00:00Z',
      '2021-06-31T10:00:00Z',
      '2021-06-11',
    ]) {
      entry(t, 't').sc = sc;
      expect(rules(t), sc).toEqual(['/t/0/sc format']);
    }
  });
});

describe('validateDcc version awareness', () => {
  it('gives 1.0.x payloads the relaxed 1.0 rules of the reference verifiers', () => {
    const p = vaccination();
    p.ver = '1.0.0';
    p.t = null;
    p.r = null;
    p.dob = '1978-01-26T00:00:00';
    entry(p).dt = '2021-03-09T00:00:00';
    expect(validateDcc(p)).toEqual([]);
  });

  it('does not give those relaxations to 1.3.x payloads', () => {
    const p = vaccination();
    p.t = null;
    p.dob = '1978-01-26T00:00:00';
    entry(p).dt = '2021-03-09T00:00:00Z';
    expect(rules(p).sort()).toEqual([' oneOf', '/dob pattern', '/t type', '/v/0/dt format']);
  });

  it('still refuses several groups in old versions, as HCERT requires', () => {
    const p = vaccination();
    p.ver = '1.2.1';
    p.r = [{}];
    expect(rules(p)[0]).toBe(' oneOf');
  });
});

describe('validateDcc on hostile input', () => {
  it('refuses non-objects', () => {
    for (const x of [null, undefined, 1, 'x', [], new Uint8Array(2)]) {
      expect(validateDcc(x).length, String(x)).toBeGreaterThan(0);
    }
  });

  it('stays bounded on huge and deeply nested payloads', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) wide[`k${i}`] = deep;
    const bad = {
      tg: 1,
      vp: deep,
      mp: wide,
      ma: [],
      dn: 'x',
      sd: -1,
      dt: 2,
      co: 'a'.repeat(1_000_000),
      is: 4,
      ci: 5,
    };
    const hostile = {
      ...wide,
      ver: '1'.repeat(1_000_000),
      nam: { fn: deep, fnt: 'a'.repeat(1_000_000), gn: wide, gnt: 'é'.repeat(500_000) },
      dob: deep,
      v: Array.from({ length: 200_000 }, () => bad),
      t: Array.from({ length: 200_000 }, () => bad),
      r: Array.from({ length: 200_000 }, () => bad),
    };
    const issues = validateDcc(hostile);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.length).toBeLessThanOrEqual(MAX_DCC_ISSUES);
  });

  it('stops after MAX_DCC_ISSUES issues', () => {
    const junk = Object.fromEntries(
      [
        'tg',
        'vp',
        'mp',
        'ma',
        'dn',
        'sd',
        'dt',
        'co',
        'is',
        'ci',
        'tt',
        'sc',
        'tr',
        'fr',
        'df',
        'du',
        'nm',
        'tc',
      ].map((k) => [k, {}]),
    );
    const p = {
      ver: 1,
      nam: 2,
      dob: 3,
      v: [junk, junk, junk, junk],
      t: [junk, junk, junk, junk],
      r: [junk, junk, junk, junk],
    };
    expect(validateDcc(p)).toHaveLength(MAX_DCC_ISSUES);
  });
});

describe('certificateType', () => {
  it('names the one non-empty group', () => {
    expect(certificateType(vaccination())).toBe('vaccination');
    expect(certificateType({ t: [{}] })).toBe('test');
    expect(certificateType({ r: [{}], v: null })).toBe('recovery');
  });
  it('is undefined when the type is missing or ambiguous', () => {
    expect(certificateType({ v: [{}], t: [{}] })).toBeUndefined();
    expect(certificateType({ v: [] })).toBeUndefined();
    expect(certificateType('v')).toBeUndefined();
    expect(certificateType(null)).toBeUndefined();
  });
});
