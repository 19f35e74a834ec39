import { describe, expect, it } from 'vitest';
import { canonicalizeJson } from './jcs.js';
import { parseSealJson } from './json.js';

const canonical = (text: string) => {
  const parsed = parseSealJson(text, 16);
  if (!parsed.ok) throw new Error(parsed.code);
  return canonicalizeJson(parsed.value);
};

describe('RFC 8785 JSON canonicalisation', () => {
  it('serialises the RFC §3.2.2 example: white space dropped, numbers and strings in ES6 form', () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    expect(canonical(input)).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts members by UTF-16 code units (RFC §3.2.3 example)', () => {
    const input = String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`;
    // (Not via Object.keys of the result: JavaScript lists integer-like names such as "1" first.)
    expect(canonical(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control",' +
        '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
        '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('serialises IEEE 754 numbers as RFC 8785 Appendix B lists them', () => {
    const cases: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ];
    for (const [hex, expected] of cases) {
      const view = new DataView(new ArrayBuffer(8));
      view.setBigUint64(0, BigInt(`0x${hex}`));
      expect(canonicalizeJson(view.getFloat64(0)), hex).toBe(expected);
    }
  });

  it('nests arrays and objects, sorting at every level', () => {
    expect(canonical('{"b":[{"z":1,"a":[true,{"y":null,"x":"é"}]}],"a":{}}')).toBe(
      '{"a":{},"b":[{"a":[true,{"x":"é","y":null}],"z":1}]}',
    );
  });

  it('refuses values JSON cannot hold (a programming error, not input)', () => {
    expect(() => canonicalizeJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalizeJson(new Date(0))).toThrow(TypeError);
    expect(() => canonicalizeJson(undefined)).toThrow(TypeError);
  });
});

describe('seal JSON scanning', () => {
  it('refuses nesting beyond the limit before JSON.parse sees it, even 100,000 deep', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(parseSealJson(deep, 16)).toMatchObject({
      ok: false,
      code: 'VDS_JSON_TOO_DEEP',
      params: { limit: 16, position: 16 },
    });
    expect(parseSealJson(`${'{"a":'.repeat(17)}1${'}'.repeat(17)}`, 16).ok).toBe(false);
    expect(parseSealJson(`${'{"a":'.repeat(16)}1${'}'.repeat(16)}`, 16).ok).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ a: '[[[[{{{{\\"[[[[', b: ['"]]]'] });
    expect(parseSealJson(text, 2)).toMatchObject({ ok: true });
  });

  it('refuses a member name repeated in one object, also when written with escapes', () => {
    expect(parseSealJson('{"data":{"a":1,"\\u0061":2}}', 8)).toMatchObject({
      ok: false,
      code: 'VDS_JSON_DUPLICATE_KEY',
      params: { name: 'a' },
    });
    // The same name in different objects, or as a value, is fine.
    expect(parseSealJson('{"a":{"a":"a"},"b":[{"a":1},{"a":2}]}', 8).ok).toBe(true);
  });

  it('names malformed JSON with a coded result, never an exception', () => {
    for (const text of ['{', '{"a":}', '"unterminated', '{"a" 1}', 'nul']) {
      const result = parseSealJson(text, 8);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.code, text).toBe('VDS_JSON_INVALID');
    }
  });
});
