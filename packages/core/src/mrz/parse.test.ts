import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MRZ_FINDINGS } from './findings.js';
import { mrzCheckDigit, parsePassportMrz, trimFillers } from './parse.js';

/** The specimen passport of ICAO Doc 9303 part 4, Appendix A (Utopia, Anna Maria Eriksson). */
const SPECIMEN = [
  'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
  'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
] as const;
const AT = new Date('2021-03-10T01:00:00Z');
const SEED = 0x13_0a_2026;
const FC = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });

/** A TD3 second line with correct check digits. */
function line2(doc: string, nat: string, dob: string, sex: string, exp: string, opt: string) {
  const d = doc.padEnd(9, '<');
  const o = opt.padEnd(14, '<');
  const od = /^<*$/.test(o) ? '<' : String(mrzCheckDigit(o));
  const body = `${d}${mrzCheckDigit(d)}${nat}${dob}${mrzCheckDigit(dob)}${sex}${exp}${mrzCheckDigit(exp)}${o}${od}`;
  const composite = body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43);
  return body + mrzCheckDigit(composite);
}

describe('parsePassportMrz', () => {
  it('reads the ICAO 9303 specimen with every field and check digit', () => {
    const r = parsePassportMrz(SPECIMEN.join('\n'), { at: AT });
    expect(r).toEqual({
      ok: true,
      value: {
        documentCode: 'P',
        issuingState: 'UTO',
        primaryIdentifier: 'ERIKSSON',
        secondaryIdentifier: 'ANNA<MARIA',
        documentNumber: 'L898902C3',
        nationality: 'UTO',
        birthDate: { printed: '740812', iso: '1974-08-12' },
        sex: 'F',
        expiryDate: { printed: '120415', iso: '2012-04-15' },
        optionalData: 'ZE184226B',
        lines: [...SPECIMEN],
      },
    });
  });

  it('accepts the two lines joined, with CRLF, or with surrounding white space', () => {
    for (const text of [
      SPECIMEN.join(''),
      SPECIMEN.join('\r\n'),
      `  ${SPECIMEN.join('\n')}\n`,
      `${SPECIMEN[0]}  \r\n  ${SPECIMEN[1]}`,
    ]) {
      const r = parsePassportMrz(text);
      expect(r.ok, JSON.stringify(text)).toBe(true);
    }
  });

  it('leaves the full dates out without a reading instant, and picks the century before it', () => {
    const r = parsePassportMrz(SPECIMEN.join('\n'));
    expect(r.ok && r.value.birthDate).toEqual({ printed: '740812' });
    const young = parsePassportMrz(
      `P<KORKIM<<MIN<JUN<<<<<<<<<<<<<<<<<<<<<<<<<<<\n${line2('M12345678', 'KOR', '050412', 'M', '300101', '')}`,
      { at: AT },
    );
    expect(young.ok && young.value.birthDate.iso).toBe('2005-04-12');
    expect(young.ok && young.value.secondaryIdentifier).toBe('MIN<JUN');
    expect(young.ok && young.value.optionalData).toBe('');
  });

  it('names every wrong check digit', () => {
    const bad = `${SPECIMEN[1].slice(0, 9)}7${SPECIMEN[1].slice(10)}`;
    const r = parsePassportMrz(`${SPECIMEN[0]}\n${bad}`);
    expect(r).toEqual({
      ok: false,
      code: 'MRZ_CHECK_DIGIT_INVALID',
      params: { fields: 'document number, composite' },
    });
    const dob = SPECIMEN[1].replace('7408122', '7408132');
    const r2 = parsePassportMrz(`${SPECIMEN[0]}\n${dob}`);
    expect(!r2.ok && r2.params).toEqual({ fields: 'date of birth, composite' });
  });

  it('refuses what is not a TD3 passport zone with a coded reason', () => {
    const code = (text: string) => {
      const r = parsePassportMrz(text);
      return r.ok ? 'ok' : r.code;
    };
    expect(code('')).toBe('MRZ_MISSING');
    expect(code('   \n ')).toBe('MRZ_MISSING');
    expect(code('x'.repeat(300))).toBe('MRZ_TOO_LARGE');
    expect(code(SPECIMEN[0])).toBe('MRZ_FORMAT_INVALID');
    expect(code(`${SPECIMEN[0]}\n${SPECIMEN[1]}\n${SPECIMEN[1]}`)).toBe('MRZ_FORMAT_INVALID');
    expect(code(`${SPECIMEN[0]}\n${SPECIMEN[1].slice(0, 43)}`)).toBe('MRZ_FORMAT_INVALID');
    expect(code(`${SPECIMEN[0].toLowerCase()}\n${SPECIMEN[1]}`)).toBe('MRZ_FORMAT_INVALID');
    expect(code(`I${SPECIMEN[0].slice(1)}\n${SPECIMEN[1]}`)).toBe('MRZ_NOT_PASSPORT');
    const feb30 = line2('X1', 'KOR', '900230', 'F', '300101', '');
    expect(code(`${SPECIMEN[0]}\n${feb30}`)).toBe('MRZ_DATE_INVALID');
    const sex = line2('X1', 'KOR', '900101', 'Q', '300101', '');
    expect(code(`${SPECIMEN[0]}\n${sex}`)).toBe('MRZ_FORMAT_INVALID');
  });

  it('accepts an unknown birth day printed as fillers, without a full date', () => {
    const r = parsePassportMrz(
      `${SPECIMEN[0]}\n${line2('X1', 'KOR', '9001<<', 'X', '300101', '')}`,
      {
        at: AT,
      },
    );
    expect(r.ok && r.value.birthDate).toEqual({ printed: '9001<<' });
    expect(r.ok && r.value.sex).toBe('X');
  });

  it('declares every code it returns', () => {
    expect(Object.keys(MRZ_FINDINGS)).toContain('MRZ_CHECK_DIGIT_INVALID');
  });
});

describe('parsePassportMrz under fuzzing (fixed seed)', () => {
  const doc = fc.stringMatching(/^[A-Z0-9]{1,9}$/);
  const date = fc
    .date({ min: new Date('1930-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(2, 10).replaceAll('-', ''));
  const zone = fc.record({
    doc,
    nat: fc.constantFrom('KOR', 'CHN', 'UTO', 'D<<'),
    dob: date,
    sex: fc.constantFrom('F', 'M', '<'),
    exp: date,
    opt: fc.stringMatching(/^[A-Z0-9]{0,14}$/),
  });

  it('reads every well-formed zone back field for field', () => {
    fc.assert(
      fc.property(zone, (z) => {
        const l2 = line2(z.doc, z.nat, z.dob, z.sex, z.exp, z.opt);
        const r = parsePassportMrz(`${SPECIMEN[0]}\n${l2}`);
        if (!r.ok) throw new Error(`${l2}: ${r.code} ${JSON.stringify(r.params)}`);
        expect(r.value.documentNumber).toBe(z.doc);
        expect(r.value.birthDate.printed).toBe(z.dob);
        expect(r.value.optionalData).toBe(z.opt);
      }),
      FC(500),
    );
  });

  it('detects any one digit changed in a checked field', () => {
    // Weights 7, 3, 1 are prime to 10: replacing one digit by another always moves the sum.
    fc.assert(
      fc.property(zone, fc.nat(), fc.integer({ min: 1, max: 9 }), (z, pick, delta) => {
        const l2 = line2(z.doc, z.nat, z.dob, z.sex, z.exp, z.opt);
        const digits = [...l2].flatMap((c, i) => (/\d/.test(c) ? [i] : []));
        const i = digits[pick % digits.length]!;
        const changed = l2.slice(0, i) + String((Number(l2[i]) + delta) % 10) + l2.slice(i + 1);
        const r = parsePassportMrz(`${SPECIMEN[0]}\n${changed}`);
        expect(r.ok).toBe(false);
      }),
      FC(500),
    );
  });

  it('answers any text with a value or a declared code, never a throw', () => {
    const alphabet = fc.constantFrom(...'AP<0189KOR\n\r '.split(''));
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: alphabet, maxLength: 100 })),
        (text) => {
          const r = parsePassportMrz(text);
          if (!r.ok) expect(Object.keys(MRZ_FINDINGS)).toContain(r.code);
        },
      ),
      FC(2000),
    );
  });
});

describe('trimFillers (fixed seed)', () => {
  it('drops leading and trailing fillers exactly as the two regular expressions did', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z<]{0,16}$/), (text) => {
        expect(trimFillers(text)).toBe(text.replace(/<+$/, '').replace(/^<+/, ''));
      }),
      FC(1000),
    );
    expect(trimFillers('<<ANNA<MARIA<<<')).toBe('ANNA<MARIA');
    expect(trimFillers('<<<')).toBe('');
  });
});
