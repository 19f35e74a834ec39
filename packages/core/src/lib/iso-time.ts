/**
 * NumericDate seconds as an ISO-8601 UTC instant (`2021-06-01T18:00:00Z`, fractions dropped).
 * Civil-from-days arithmetic (H. Hinnant) instead of `Date#toISOString`, which costs more
 * than the rest of the date checks on every scan.
 */
export function isoSeconds(seconds: number): string {
  const s = Math.floor(seconds);
  if (!Number.isFinite(s) || Math.abs(s) > 253402300799) return String(seconds);
  const days = Math.floor(s / 86400);
  const rem = s - days * 86400;
  const date = isoDate(days);
  if (date === undefined) return new Date(s * 1000).toISOString();
  const hh = Math.floor(rem / 3600);
  const mm = Math.floor((rem % 3600) / 60);
  const ss = rem % 60;
  return `${date}T${TWO_DIGITS[hh]}:${TWO_DIGITS[mm]}:${TWO_DIGITS[ss]}Z`;
}

/**
 * Milliseconds since the epoch as `Date#toISOString` writes them (`2021-06-01T18:00:00.250Z`),
 * or without the fraction when it is `.000` and `dropZeroFraction` is set (as cards and
 * messages show whole seconds). The same civil-from-days arithmetic for whole milliseconds in
 * the years 0 to 9999; anything else goes to `Date` itself. Not for invalid times.
 *
 * @example
 * isoMillis(1622570400250) // '2021-06-01T18:00:00.250Z'
 * isoMillis(1622570400000, true) // '2021-06-01T18:00:00Z'
 */
export function isoMillis(ms: number, dropZeroFraction = false): string {
  if (Number.isInteger(ms) && ms >= MIN_ISO_MS && ms <= MAX_ISO_MS) {
    const days = Math.floor(ms / 86400000);
    const date = isoDate(days);
    if (date !== undefined) {
      const inDay = ms - days * 86400000;
      const fraction = inDay % 1000;
      const rem = (inDay - fraction) / 1000;
      const hh = Math.floor(rem / 3600);
      const mm = Math.floor((rem % 3600) / 60);
      const ss = rem % 60;
      const time = `${date}T${TWO_DIGITS[hh]}:${TWO_DIGITS[mm]}:${TWO_DIGITS[ss]}`;
      if (fraction === 0) return dropZeroFraction ? `${time}Z` : `${time}.000Z`;
      return `${time}.${String(fraction).padStart(3, '0')}Z`;
    }
  }
  const iso = new Date(ms).toISOString();
  return dropZeroFraction ? iso.replace('.000Z', 'Z') : iso;
}
/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z. */
const MIN_ISO_MS = -62167219200000;
const MAX_ISO_MS = 253402300799999;

/**
 * The `YYYY-MM-DD` of a whole day number (days since 1970-01-01), by the same arithmetic;
 * `undefined` outside the years 0 to 9999 (where `Date#toISOString` writes six digits).
 */
export function isoDate(days: number): string | undefined {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (!(year >= 0 && year <= 9999)) return undefined;
  const yyyy = year >= 1000 ? String(year) : String(year).padStart(4, '0');
  return `${yyyy}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

/** "00" to "99". */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, n) =>
  n < 10 ? `0${n}` : String(n),
);

const isoOfDate = new WeakMap<Date, { t: number; iso: string }>();

/**
 * `Date#toISOString`, remembered per Date object and instant: a verifier reuses one context
 * (and its `at`, a flight's departure) for many codes and travellers.
 */
export function isoInstant(at: Date): string {
  const t = at.getTime();
  const known = isoOfDate.get(at);
  if (known && known.t === t) return known.iso;
  const iso = at.toISOString();
  isoOfDate.set(at, { t, iso });
  return iso;
}
