/**
 * The two string formats the EU DCC schema uses (`date` and `date-time`), checked by hand so
 * that no regular expression or `Date` object is involved. They follow RFC 3339 section 5.6
 * as the schema's own test harness reads it (Ajv 8 with ajv-formats 2.1, whose examples in
 * eu-dcc-schema test/valid include `2021-06-11T17:30:00+02` and `...+0200`).
 */

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The value of two ASCII digits at `i`, or -1 when either is not a digit. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

/** `true` when `s` holds an RFC 3339 `full-date` (YYYY-MM-DD, a real calendar day) at `i`. */
function isFullDateAt(s: string, i: number): boolean {
  const century = twoDigits(s, i);
  const yy = twoDigits(s, i + 2);
  if (century < 0 || yy < 0 || s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45) {
    return false;
  }
  const month = twoDigits(s, i + 5);
  const day = twoDigits(s, i + 8);
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29) {
    const year = century * 100 + yy;
    return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  }
  return day <= DAYS_IN_MONTH[month]!;
}

/** `true` for an RFC 3339 `full-date` such as `2021-06-11` (the schema's format `date`). */
export function isSchemaDate(s: string): boolean {
  return s.length === 10 && isFullDateAt(s, 0);
}

/** `true` for the characters JavaScript's `\s` matches. */
function isWhitespace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * `true` for a `date-time` as the EU DCC schema's harness accepts it: a `full-date`, one
 * separator (`T`, `t` or a whitespace character), `hh:mm:ss`, an optional fraction and an
 * optional zone (`Z`, `z`, `±hh`, `±hhmm` or `±hh:mm`). Hours 00-23, minutes and seconds
 * 00-59, and the leap second `23:59:60`.
 *
 * @example
 * isSchemaDateTime('2021-06-11T17:30:00+02:00') // true
 * isSchemaDateTime('2021-06-11T24:00:00Z') // false
 */
export function isSchemaDateTime(s: string): boolean {
  const n = s.length;
  if (n < 19 || !isFullDateAt(s, 0)) return false;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && !isWhitespace(sep)) return false;
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  if (hour < 0 || minute < 0 || second < 0) return false;
  if (
    !(hour <= 23 && minute <= 59 && second <= 59) &&
    !(hour === 23 && minute === 59 && second === 60)
  ) {
    return false;
  }
  let i = 19;
  if (s.charCodeAt(i) === 46) {
    i++;
    const start = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    if (i === start) return false;
  }
  if (i === n) return true;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) return i + 1 === n;
  if (z !== 43 && z !== 45) return false;
  if (twoDigits(s, i + 1) < 0) return false;
  i += 3;
  if (i === n) return true;
  if (s.charCodeAt(i) === 58) i++;
  return i + 2 === n && twoDigits(s, i) >= 0;
}

// The schema's patterns, as character loops: these run on every scan, and a regular
// expression costs more than the rest of the check (the Ajv differential test holds them to
// the schema). The patterns are quoted with each function.

/** `^((19|20)\d\d(-\d\d){0,2}){0,1}$`, or with `legacy` `^((19|20)\d\d(-\d\d){0,2}(T\d\d:\d\d:\d\d)?)?$`. */
export function isDobPattern(s: string, legacy: boolean): boolean {
  const n = s.length;
  if (n === 0) return true;
  if (n < 4) return false;
  const century = s.charCodeAt(0) * 256 + s.charCodeAt(1);
  // "19" or "20"
  if (century !== 0x3139 && century !== 0x3230) return false;
  if (!isDigit(s, 2) || !isDigit(s, 3)) return false;
  let i = 4;
  for (let group = 0; group < 2 && i < n && s.charCodeAt(i) === 45; group++) {
    if (!isDigit(s, i + 1) || !isDigit(s, i + 2)) return false;
    i += 3;
  }
  if (i === n) return true;
  if (!legacy || n - i !== 9 || s.charCodeAt(i) !== 84) return false;
  return (
    isDigit(s, i + 1) &&
    isDigit(s, i + 2) &&
    s.charCodeAt(i + 3) === 58 &&
    isDigit(s, i + 4) &&
    isDigit(s, i + 5) &&
    s.charCodeAt(i + 6) === 58 &&
    isDigit(s, i + 7) &&
    isDigit(s, i + 8)
  );
}

/** `^[A-Z<]*$` */
export function isIcaoPattern(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 65 || c > 90) && c !== 60) return false;
  }
  return true;
}

/** `[A-Z]{1,10}` (unanchored, as in the schema: one capital letter anywhere is enough). */
export function hasCountryPattern(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

/** `^1\.0\.\d+$` */
export function isLegacyVersion(s: string): boolean {
  if (s.length < 5 || !s.startsWith('1.0.')) return false;
  for (let i = 4; i < s.length; i++) if (!isDigit(s, i)) return false;
  return true;
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}
