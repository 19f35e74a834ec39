import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breather } from '../../test-support/breathe.js';
import { hasCountryPattern, isDobPattern, isIcaoPattern, isLegacyVersion } from './formats.js';

// The EU DCC schema's patterns, as the schema writes them: the character loops must agree.
const DOB = /^((19|20)\d\d(-\d\d){0,2}){0,1}$/;
const DOB_LEGACY = /^((19|20)\d\d(-\d\d){0,2}(T\d\d:\d\d:\d\d)?)?$/;
const ICAO = /^[A-Z<]*$/;
const COUNTRY = /[A-Z]{1,10}/u;
const LEGACY_VERSION = /^1\.0\.\d+$/;

const text = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.stringMatching(/^(19|20|18|2)\d{0,2}(-\d{1,2}){0,3}(T\d\d:\d\d:\d\d|T\d:\d\d:\d\d|T)?$/),
  fc.stringMatching(/^[A-Z<a-z ]{0,6}$/),
  fc.stringMatching(/^1\.0\.\d{0,3}x?$/),
  fc.constantFrom('', '1990', '1990-01', '1990-01-01', '1990-01-01T10:00:00', '1.0.0', 'É'),
);

describe('DCC schema patterns', () => {
  it('agree with the schema regular expressions', async () => {
    const breathe = breather();
    await fc.assert(
      fc.asyncProperty(text, async (s) => {
        await breathe();
        expect(isDobPattern(s, false)).toBe(DOB.test(s));
        expect(isDobPattern(s, true)).toBe(DOB_LEGACY.test(s));
        expect(isIcaoPattern(s)).toBe(ICAO.test(s));
        expect(hasCountryPattern(s)).toBe(COUNTRY.test(s));
        expect(isLegacyVersion(s)).toBe(LEGACY_VERSION.test(s));
      }),
      { numRuns: 20000, seed: 9303 },
    );
  });
});
