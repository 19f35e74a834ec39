import { CertLogicDateTime, type TimeUnit } from './types.js';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_ONLY = /^(\d{4})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{1,2})(?::?(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

function utcMs(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  // `setUTCFullYear` avoids Date.UTC's mapping of years 0..99 to 1900..1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

function checkDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Parses a CertLogic date or date-time string (spec 1.3.2): `YYYY`, `YYYY-MM` (both read as the
 * last day of that period, like `dccDateOfBirth`), `YYYY-MM-DD`, or `YYYY-MM-DDThh:mm:ss[.S…]`
 * with an optional offset `Z`, `±h`, `±hh`, `±hmm`, `±hhmm`, `±h:mm`, `±hh:mm` (missing: `Z`).
 * Sub-millisecond digits are truncated. Returns `undefined` for anything else, including
 * impossible calendar dates and times.
 */
export function parseCertLogicDateTime(text: string): CertLogicDateTime | undefined {
  return remembered(dateTimes, text, parseDateTimeText);
}

/**
 * Parsed texts, remembered: a rule set reads the same clock texts (`validationClock`,
 * `validationDayStart`, a flight's departure) for every credential and every rule, and a
 * `CertLogicDateTime` is immutable, so the same instance can be handed out again. Bounded:
 * cleared when full, and only short texts (every valid one is) are kept.
 */
const dateTimes = new Map<string, CertLogicDateTime | null>();
const datesOfBirth = new Map<string, CertLogicDateTime | null>();
const MAX_REMEMBERED = 512;
const MAX_REMEMBERED_LENGTH = 40;

function remembered(
  known: Map<string, CertLogicDateTime | null>,
  text: string,
  parse: (text: string) => CertLogicDateTime | undefined,
): CertLogicDateTime | undefined {
  const hit = known.get(text);
  if (hit !== undefined) return hit ?? undefined;
  const value = parse(text);
  if (text.length <= MAX_REMEMBERED_LENGTH) {
    if (known.size >= MAX_REMEMBERED) known.clear();
    known.set(text, value ?? null);
  }
  return value;
}

function parseDateTimeText(text: string): CertLogicDateTime | undefined {
  const partial = parseDccDateOfBirth(text);
  if (partial) return partial;
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (!checkDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMinutes = 0;
  if (m[8] && m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = m[11] ? Number(m[11]) : 0;
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return new CertLogicDateTime(
    utcMs(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000,
  );
}

/**
 * The `dccDateOfBirth` conversion: `YYYY` → `YYYY-12-31`, `YYYY-MM` → last day of that month,
 * `YYYY-MM-DD` as is; always at `00:00:00.000Z` ("the last date consistent with the data").
 * Returns `undefined` for any other string.
 */
export function parseDccDateOfBirth(text: string): CertLogicDateTime | undefined {
  return remembered(datesOfBirth, text, parseDateOfBirthText);
}

function parseDateOfBirthText(text: string): CertLogicDateTime | undefined {
  let m = YEAR_ONLY.exec(text);
  if (m) return new CertLogicDateTime(utcMs(Number(m[1]), 12, 31));
  m = YEAR_MONTH.exec(text);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (month < 1 || month > 12) return undefined;
    return new CertLogicDateTime(utcMs(year, month, daysInMonth(year, month)));
  }
  m = DATE_ONLY.exec(text);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (!checkDate(year, month, day)) return undefined;
    return new CertLogicDateTime(utcMs(year, month, day));
  }
  return undefined;
}

/**
 * Offsets a date-time by `amount` units, with the ECMAScript `setUTC…` overflow semantics the
 * specification prescribes (e.g. 2020-02-29 + 1 year = 2021-03-01; no DST, no leap seconds).
 */
export function plusTime(
  dateTime: CertLogicDateTime,
  amount: number,
  unit: TimeUnit,
): CertLogicDateTime {
  if (amount === 0) return dateTime;
  const d = new Date(dateTime.epochMs);
  switch (unit) {
    case 'year':
      d.setUTCFullYear(d.getUTCFullYear() + amount);
      break;
    case 'month':
      d.setUTCMonth(d.getUTCMonth() + amount);
      break;
    case 'day':
      d.setUTCDate(d.getUTCDate() + amount);
      break;
    case 'hour':
      d.setUTCHours(d.getUTCHours() + amount);
      break;
  }
  return new CertLogicDateTime(d.getTime());
}
