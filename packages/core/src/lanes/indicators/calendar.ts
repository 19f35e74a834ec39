/**
 * Calendar dates of indicator series. Health authorities count cases per day in their own
 * time zone, so a series is keyed by a calendar date (`YYYY-MM-DD`), not by an instant; inside
 * the breaker fold dates are day numbers (days since 1970-01-01) so that a window is plain
 * integer arithmetic. Only the resumption test ("the last day of the suspension") turns an
 * instant into a date, in the publishing country's time zone, through `Intl.DateTimeFormat`
 * (browsers and Node alike).
 */

import { isoDate } from '../../lib/iso-time.js';

/** Seconds in a day: durations in days are counted as multiples of 24 hours. */
export const DAY_SECONDS = 86_400;

/** Earliest and latest year a date may name (`0000` and five-digit years are refused). */
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

/**
 * The day number (days since 1970-01-01) of a `YYYY-MM-DD` calendar date, or `undefined` when
 * the text is not exactly that form or names no real day (`2021-02-29`).
 *
 * @example
 * dayNumber('2020-11-21') // 18587
 */
export function dayNumber(date: unknown): number | undefined {
  if (typeof date !== 'string' || date.length !== 10 || date[4] !== '-' || date[7] !== '-') {
    return undefined;
  }
  const y = digits(date, 0, 4);
  const m = digits(date, 5, 7);
  const d = digits(date, 8, 10);
  if (y === undefined || m === undefined || d === undefined) return undefined;
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const ms = Date.UTC(y, m - 1, d);
  const day = ms / 86_400_000;
  // Date.UTC rolls 31 April over into May: a round trip tells a real day from a rolled one.
  return calendarDate(day) === date ? day : undefined;
}

function digits(text: string, from: number, to: number): number | undefined {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The day number of a date already checked by {@link dayNumber} (as every date of a read
 * document is): no validation, for the breaker fold's hot path.
 */
export function dayOfCheckedDate(date: string): number {
  return Date.UTC(digits(date, 0, 4)!, digits(date, 5, 7)! - 1, digits(date, 8, 10)!) / 86_400_000;
}

/** The `YYYY-MM-DD` text of a day number. */
export function calendarDate(day: number): string {
  // Arithmetic, not a `Date`, for whole days of years 0 to 9999: the breaker fold writes one
  // for every reading and every awaited resumption test.
  return (
    (Number.isInteger(day) ? isoDate(day) : undefined) ??
    new Date(day * 86_400_000).toISOString().slice(0, 10)
  );
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      calendar: 'iso8601',
      numberingSystem: 'latn',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** IANA zone names are short ASCII paths (`Asia/Seoul`, `Etc/GMT-8`, `UTC`). */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * Whether `name` is an IANA time zone this runtime knows. Checked when a document is read so
 * that evaluation never meets an unknown zone.
 */
export function isTimeZone(name: unknown): name is string {
  if (typeof name !== 'string' || name.length > 64 || !ZONE_NAME.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The day number of the calendar date that instant `seconds` (NumericDate) falls on in
 * `timeZone`.
 *
 * @example
 * dayAt(Date.parse('2020-11-21T16:30:00Z') / 1000, 'Asia/Hong_Kong') // day of 2020-11-22
 */
export function dayAt(seconds: number, timeZone: string): number {
  // Remembered across evaluations: every node re-evaluates the same planned ends, and the
  // time-zone conversion (Intl) costs more than the rest of a resumption test.
  const key = `${timeZone} ${seconds}`;
  const known = DAY_AT.get(key);
  if (known !== undefined) return known;
  const day = computeDayAt(seconds, timeZone);
  if (DAY_AT.size >= 4096) DAY_AT.clear();
  DAY_AT.set(key, day);
  return day;
}

const DAY_AT = new Map<string, number>();

function computeDayAt(seconds: number, timeZone: string): number {
  let y = 0;
  let m = 0;
  let d = 0;
  for (const part of formatter(timeZone).formatToParts(new Date(seconds * 1000))) {
    if (part.type === 'year') y = Number(part.value);
    else if (part.type === 'month') m = Number(part.value);
    else if (part.type === 'day') d = Number(part.value);
  }
  return Date.UTC(y, m - 1, d) / 86_400_000;
}
