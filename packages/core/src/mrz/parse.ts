import { fail, ok, type Result } from '../lib/result.js';
import type { MrzCode } from './findings.js';

/** Longest text accepted: two 44-character lines with generous surrounding whitespace. */
export const MAX_MRZ_INPUT = 256;

/** A date as the MRZ prints it (`YYMMDD`, `<` for an unknown part) and, when known, in full. */
export interface MrzDate {
  /** The six characters as printed, e.g. `740812`. */
  printed: string;
  /** ISO 8601 calendar date, when the date is complete and its century could be decided. */
  iso?: string;
}

/**
 * What the machine-readable zone of a passport (ICAO 9303 part 4, TD3) says, with every
 * check digit verified. Text fields keep the MRZ's own characters (`A`–`Z`, `0`–`9`); `<`
 * fillers are removed at the end of a field, and inside names become the separators shown.
 */
export interface PassportMrz {
  /** `P` followed by the issuer's type letter, if any (`P`, `PO`, `PD`, ...). */
  documentCode: string;
  /** Issuing state or organisation, three characters as printed (`KOR`, `CHN`, `D<<`, `UTO`). */
  issuingState: string;
  /** Primary identifier (surname) in the MRZ transliteration, `<` between its parts. */
  primaryIdentifier: string;
  /** Secondary identifier (given names), `<` between names; empty when there is none. */
  secondaryIdentifier: string;
  /** The document number without trailing fillers. */
  documentNumber: string;
  /** Nationality, three characters as printed (the form the passport binding hashes). */
  nationality: string;
  birthDate: MrzDate;
  /** `F`, `M`, or `X`/`<` (unspecified). */
  sex: 'F' | 'M' | 'X';
  expiryDate: MrzDate;
  /** Personal number or other optional data, without trailing fillers. */
  optionalData: string;
  /** The two lines exactly as read. */
  lines: [string, string];
}

/** Options of {@link parsePassportMrz}. */
export interface MrzParseOptions {
  /**
   * The reading instant, used only to decide the century of the birth date (the latest one
   * not after `at`) and of the expiry date (20YY). Without it the `iso` forms are left out.
   */
  at?: Date;
}

const LINE = /^[A-Z0-9<]{44}$/;
const WEIGHTS = [7, 3, 1] as const;

/** ICAO 9303 part 3 §4.9: weights 7, 3, 1; digits their value, A–Z 10–35, `<` 0. */
export function mrzCheckDigit(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const value = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : 0;
    sum += value * WEIGHTS[i % 3]!;
  }
  return sum % 10;
}

/**
 * Reads a passport's machine-readable zone (TD3: two lines of 44 characters) from OCR or
 * scanner text: the two lines separated by a line break (`\n` or `\r\n`) or joined into one
 * 88-character string, with surrounding white space ignored. Verifies the check digits of the
 * document number, birth date, expiry date, optional data and the composite, and reports all
 * that fail in one `MRZ_CHECK_DIGIT_INVALID`. Never throws on bad input.
 *
 * @example
 * parsePassportMrz('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10')
 */
export function parsePassportMrz(
  text: string,
  options: MrzParseOptions = {},
): Result<PassportMrz, MrzCode> {
  if (typeof text !== 'string' || text.trim() === '') return fail('MRZ_MISSING');
  if (text.length > MAX_MRZ_INPUT) {
    return fail('MRZ_TOO_LARGE', { size: text.length, limit: MAX_MRZ_INPUT });
  }
  const trimmed = text.trim();
  let lines: string[];
  if (/^[^\r\n]{88}$/.test(trimmed)) lines = [trimmed.slice(0, 44), trimmed.slice(44)];
  else lines = trimmed.split(/\r?\n/).map((l) => l.trim());
  if (lines.length !== 2) {
    return fail('MRZ_FORMAT_INVALID', { reason: `${lines.length} lines, expected 2` });
  }
  for (const [i, line] of lines.entries()) {
    if (line.length !== 44) {
      return fail('MRZ_FORMAT_INVALID', {
        reason: `line ${i + 1} has ${line.length} characters, expected 44`,
      });
    }
    if (!LINE.test(line)) {
      return fail('MRZ_FORMAT_INVALID', {
        reason: `line ${i + 1} holds characters other than A-Z, 0-9 and <`,
      });
    }
  }
  const [l1, l2] = lines as [string, string];
  if (l1[0] !== 'P') return fail('MRZ_NOT_PASSPORT', { code: l1.slice(0, 2).replace(/<+$/, '') });

  // Check digits computed over ranges of line 2 in place (the composite spans three).
  let wrong: string[] | undefined;
  const digit = (field: string, at: number, ranges: readonly number[], fillerAllowed = false) => {
    const printed = l2.charCodeAt(at);
    if (fillerAllowed && printed === FILLER && onlyFillers(l2, ranges[0]!, ranges[1]!)) return;
    if (printed === 48 + checkDigitOfRanges(l2, ranges)) return;
    wrong ??= [];
    wrong.push(field);
  };
  digit('document number', 9, DOCUMENT_NUMBER);
  digit('date of birth', 19, BIRTH_DATE);
  digit('date of expiry', 27, EXPIRY_DATE);
  digit('optional data', 42, OPTIONAL_DATA, true);
  digit('composite', 43, COMPOSITE);
  if (wrong) return fail('MRZ_CHECK_DIGIT_INVALID', { fields: wrong.join(', ') });

  const sexChar = l2[20]!;
  if (!'FMX<'.includes(sexChar)) {
    return fail('MRZ_FORMAT_INVALID', { reason: `sex "${sexChar}" is not F, M, X or <` });
  }
  const birth = readDate(l2.slice(13, 19), 'birth', options.at);
  if (!birth) return fail('MRZ_DATE_INVALID', { field: 'date of birth', value: l2.slice(13, 19) });
  const expiry = readDate(l2.slice(21, 27), 'expiry', options.at);
  if (!expiry || expiry.printed.includes('<')) {
    return fail('MRZ_DATE_INVALID', { field: 'date of expiry', value: l2.slice(21, 27) });
  }
  const name = l1.slice(5);
  const split = name.indexOf('<<');
  const primary = split < 0 ? name : name.slice(0, split);
  const secondary = split < 0 ? '' : name.slice(split + 2);
  return ok({
    documentCode: l1.slice(0, 2).replace(/<+$/, ''),
    issuingState: l1.slice(2, 5),
    primaryIdentifier: trimFillers(primary),
    secondaryIdentifier: trimFillers(secondary).replace(/<+/g, '<'),
    documentNumber: l2.slice(0, 9).replace(/<+$/, ''),
    nationality: l2.slice(10, 13),
    birthDate: birth,
    sex: sexChar === '<' ? 'X' : (sexChar as 'F' | 'M' | 'X'),
    expiryDate: expiry,
    optionalData: trimFillers(l2.slice(28, 42)),
    lines: [l1, l2],
  });
}

/** Ranges `[from, to)` of line 2 that check digits cover (ICAO 9303 part 4, TD3). */
const DOCUMENT_NUMBER = [0, 9] as const;
const BIRTH_DATE = [13, 19] as const;
const EXPIRY_DATE = [21, 27] as const;
const OPTIONAL_DATA = [28, 42] as const;
const COMPOSITE = [0, 10, 13, 20, 21, 43] as const;
const FILLER = 60; // '<'

/** {@link mrzCheckDigit} of the concatenated ranges of `line`, without building the text. */
function checkDigitOfRanges(line: string, ranges: readonly number[]): number {
  let sum = 0;
  let k = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    for (let i = ranges[r]!; i < ranges[r + 1]!; i++, k++) {
      const c = line.charCodeAt(i);
      const value = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : 0;
      sum += value * WEIGHTS[k % 3]!;
    }
  }
  return sum % 10;
}

function onlyFillers(line: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (line.charCodeAt(i) !== FILLER) return false;
  return true;
}

/** `s` without leading and trailing `<` fillers (found by index: no regular expressions). */
export function trimFillers(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === FILLER) end--;
  let start = 0;
  while (start < end && s.charCodeAt(start) === FILLER) start++;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** `YYMMDD` with `<<` allowed for an unknown month or day (ICAO 9303 part 3 §4.8). */
function readDate(printed: string, kind: 'birth' | 'expiry', at: Date | undefined) {
  if (!/^\d{2}(\d{2}|<<)(\d{2}|<<)$/.test(printed)) return undefined;
  const out: MrzDate = { printed };
  if (printed.includes('<')) return out;
  const yy = Number(printed.slice(0, 2));
  const mm = Number(printed.slice(2, 4));
  const dd = Number(printed.slice(4, 6));
  // A real calendar day (years 1900–2099 here, so the Gregorian leap rule in full).
  const valid = (year: number) =>
    mm >= 1 && mm <= 12 && dd >= 1 && dd <= (mm === 2 && isLeap(year) ? 29 : MONTH_DAYS[mm - 1]!);
  if (!valid(2000 + yy) && !valid(1900 + yy)) return undefined;
  if (!at) return out;
  let year = 2000 + yy;
  if (kind === 'birth' && Date.UTC(year, mm - 1, dd) > at.getTime()) year -= 100;
  if (!valid(year)) return undefined;
  out.iso = `${year}-${printed.slice(2, 4)}-${printed.slice(4, 6)}`;
  return out;
}
