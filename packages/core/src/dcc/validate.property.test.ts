import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breather } from '../../test-support/breathe.js';
import { vectorsDir } from '../../test-support/vectors.js';
import { validateDcc } from './validate.js';

const schemaDir = vectorsDir('eu-dcc-schema');
const testdataDir = vectorsDir('dgc-testdata');

// Reference formats, written independently of formats.ts, after ajv-formats 2.1 (the
// library eu-dcc-schema tests itself with): full-date with calendar check; date-time split
// on one `t`/whitespace, zone optional, leap second only as 23:59:60.
const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const TIME = /^(\d\d):(\d\d):(\d\d)(\.\d+)?(z|[+-]\d\d(?::?\d\d)?)?$/i;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function refDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS[month]!);
}

function refDateTime(s: string): boolean {
  const parts = s.split(/t|\s/i);
  if (parts.length !== 2 || !refDate(parts[0]!)) return false;
  const m = TIME.exec(parts[1]!);
  if (!m) return false;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const sec = Number(m[3]);
  return (h <= 23 && min <= 59 && sec <= 59) || (h === 23 && min === 59 && sec === 60);
}

function compileReference(dir: string) {
  const Ajv = Ajv2020 as unknown as typeof Ajv2020.default;
  const ajv = new Ajv({ strict: false, allErrors: false });
  ajv.addFormat('date', refDate);
  ajv.addFormat('date-time', refDateTime);
  const schema = JSON.parse(readFileSync(path.join(dir, 'DCC.combined-schema.json'), 'utf8'));
  return ajv.compile(schema);
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The 1.3.x payloads of both vector sets, as seeds for mutation. */
function seeds(): Json[] {
  const out: Json[] = [];
  for (const name of readdirSync(path.join(schemaDir!, 'test/valid'))) {
    out.push(JSON.parse(readFileSync(path.join(schemaDir!, 'test/valid', name), 'utf8')));
  }
  if (testdataDir) {
    for (const country of readdirSync(testdataDir)) {
      const raw = path.join(testdataDir, country, '2DCode/raw');
      let files: string[] = [];
      try {
        files = readdirSync(raw).filter((f) => f.endsWith('.json'));
      } catch {}
      for (const f of files) {
        const json = JSON.parse(readFileSync(path.join(raw, f), 'utf8')).JSON;
        if (json && typeof json.ver === 'string' && json.ver.startsWith('1.3.')) out.push(json);
      }
    }
  }
  return out;
}

/** Every path to a value in `x` (objects and arrays included), as key lists. */
function paths(x: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) out.push(...paths(x[i]!, [...prefix, i]));
  } else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) out.push(...paths(v, [...prefix, k]));
  }
  return out;
}

const tricky = fc.constantFrom<Json>(
  '',
  'A',
  'abc',
  'JONES<SMITH',
  'jones',
  'ÄÖ',
  '😀',
  '1.3.0',
  '1.3',
  '1x3y0',
  '1\n3.0',
  '1.3.0\n',
  '1964',
  '1964-01',
  '1964-13',
  '1899-01-01',
  '2021-02-29',
  '2020-02-29',
  '2021-06-31',
  '2021-6-1',
  '2021-06-11T10:00:00Z',
  '2021-06-11T10:00:00+02',
  '2021-06-11T10:00:00+0200',
  '2021-06-11T10:00:00',
  '2021-06-11 10:00:00',
  '2021-06-11\u00a010:00:00Z',
  '2021-06-11T23:59:60Z',
  '2021-06-11T10:59:60Z',
  '2021-06-11T24:00:00Z',
  '2021-06-11T10:00:00.5z',
  '2021-06-11T10:00:00.Z',
  '2021-06-11tt10:00:00',
  'NL',
  'nl',
  'xNx',
  0,
  1,
  -1,
  1.5,
  2 ** 53,
  true,
  null,
  [],
  {},
  'A'.repeat(80),
  'A'.repeat(81),
  '😀'.repeat(80),
  `${'😀'.repeat(80)}A`,
  'é'.repeat(81),
);

const value: fc.Arbitrary<Json> = fc.oneof(
  { weight: 5, arbitrary: tricky },
  { weight: 2, arbitrary: fc.string({ maxLength: 100 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 90 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z<]{0,3}[a-z0-9 ]?[A-Z<]{0,3}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^\d{1,2}.\d{1,2}.\d{1,2}$/) },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: 20 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> },
);

type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'set'; at: number; value: Json }
  | { op: 'add'; at: number; key: string; value: Json }
  | { op: 'group'; key: 'v' | 't' | 'r'; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value }),
  fc.record({
    op: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.constantFrom('fnt', 'gnt', 'fn', 'v', 't', 'r', 'nm', 'tc', 'ma', 'extra', 'dr'),
    value,
  }),
  fc.record({
    op: fc.constant('group' as const),
    key: fc.constantFrom('v' as const, 't' as const, 'r' as const),
    value: fc.oneof(fc.constant<Json>([]), fc.constant<Json>([{}]), value),
  }),
);

function apply(root: Json, m: Mutation): Json {
  if (m.op === 'group') {
    if (root && typeof root === 'object' && !Array.isArray(root)) {
      const group = root[m.key];
      root[m.key] =
        Array.isArray(group) && Array.isArray(m.value) && m.value.length > 0
          ? [...group, ...(m.value as Json[])]
          : m.value;
    }
    return root;
  }
  const all = paths(root);
  const target = all[m.at % all.length]!;
  if (target.length === 0) return m.op === 'set' ? m.value : root;
  let parent: Json = root;
  for (const k of target.slice(0, -1)) parent = (parent as Record<string, Json>)[k]!;
  const key = target[target.length - 1]!;
  const container = parent as Record<string | number, Json>;
  if (m.op === 'drop') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete container[key];
  } else if (m.op === 'set') {
    container[key] = m.value;
  } else {
    const node = container[key];
    if (node && typeof node === 'object' && !Array.isArray(node)) node[m.key] = m.value;
  }
  return root;
}

describe.skipIf(!schemaDir)('validateDcc agrees with Ajv on the combined 1.3 schema', () => {
  const reference = schemaDir ? compileReference(schemaDir) : undefined;
  const pool = schemaDir ? seeds() : [];

  it('on the unmutated seeds', () => {
    expect(pool.length).toBeGreaterThan(10);
    for (const seed of pool) {
      expect(validateDcc(seed)).toEqual([]);
      expect(reference!(seed)).toBe(true);
    }
  });

  it('on mutated payloads (drop fields, change types, long strings, bad patterns)', async () => {
    let invalid = 0;
    let compared = 0;
    const breathe = breather();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: pool.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (seedIndex, mutations) => {
          await breathe();
          let payload: Json = structuredClone(pool[seedIndex]!);
          // Each mutation gets its own copy of its value: fast-check may hand the same object
          // to two mutations, and inserting it twice could make the payload cyclic.
          for (const m of mutations) payload = apply(payload, structuredClone(m));
          const ver = payload && typeof payload === 'object' ? (payload as { ver?: Json }).ver : 0;
          // 1.0.x payloads get the relaxed 1.0 rules on purpose; they are not 1.3 payloads.
          fc.pre(!(typeof ver === 'string' && /^1\.0\.\d+$/.test(ver)));
          const expected = reference!(payload);
          const issues = validateDcc(payload);
          compared++;
          if (!expected) invalid++;
          expect(
            issues.length === 0,
            `${JSON.stringify(payload)}\nAjv: ${JSON.stringify(reference!.errors)}\nours: ${JSON.stringify(issues)}`,
          ).toBe(expected);
        },
      ),
      { numRuns: 20_000, seed: 20261121 },
    );
    // The mutations must exercise both outcomes, or the comparison proves little.
    expect(invalid).toBeGreaterThan(compared / 4);
    expect(compared - invalid).toBeGreaterThan(compared / 20);
  });
});
