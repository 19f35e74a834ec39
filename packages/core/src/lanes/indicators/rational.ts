/**
 * Exact rational numbers for indicator values and thresholds. Two nodes must reach the same
 * breaker decision from the same signed numbers, so nothing here uses floating point: a
 * 7-day mean of 27 cases is 27/7, and `27/7 > 5` is decided by `27 · 1 > 5 · 7`.
 */

/**
 * A value as a document or a breaker specification writes it: a safe integer, or a fraction of
 * safe integers (test positivity `{ num: 3, den: 250 }`). The denominator is positive and the
 * fraction is written in lowest terms (checked when a document is read).
 */
export type IndicatorValue = number | { num: number; den: number };

/** A derived value: an exact fraction in lowest terms with a positive denominator. */
export interface Exact {
  readonly num: bigint;
  readonly den: bigint;
}

/** How a derived value is compared with a threshold. */
export type Comparison = '>' | '>=' | '<' | '<=';

/** Every comparison a breaker may use. */
export const COMPARISONS: readonly Comparison[] = ['>', '>=', '<', '<='];

/** Largest magnitude of a numerator or denominator in a document (10^12). */
export const MAX_MAGNITUDE = 1_000_000_000_000;

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** `num/den` in lowest terms; throws `RangeError` on a zero denominator (a programming error). */
export function exact(num: bigint, den = 1n): Exact {
  if (den === 0n) throw new RangeError('zero denominator');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

/** The exact value of a document or specification value. */
export function exactOf(value: IndicatorValue): Exact {
  return typeof value === 'number'
    ? { num: BigInt(value), den: 1n }
    : exact(BigInt(value.num), BigInt(value.den));
}

/** `-1`, `0` or `1` as `a` is less than, equal to or greater than `b`. */
export function compareExact(a: Exact, b: Exact): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Whether `value comparison threshold` holds, exactly. */
export function holds(value: Exact, comparison: Comparison, threshold: Exact): boolean {
  const c = compareExact(value, threshold);
  switch (comparison) {
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
  }
}

/** Exact text: `27/7`, or `5` for an integer. Stable, so it can sit in a signed or hashed record. */
export function formatExact(value: Exact): string {
  return value.den === 1n ? String(value.num) : `${value.num}/${value.den}`;
}

/**
 * Decimal text for people, rounded half away from zero to `places` digits (`27/7` → `3.86`).
 * Display only: every decision compares exact values.
 */
export function decimalExact(value: Exact, places = 2): string {
  const negative = value.num < 0n;
  const num = negative ? -value.num : value.num;
  const scale = 10n ** BigInt(places);
  const scaled = (num * scale * 2n + value.den) / (value.den * 2n);
  const whole = scaled / scale;
  const frac = (scaled % scale).toString().padStart(places, '0');
  const text = places > 0 ? `${whole}.${frac}` : `${whole}`;
  return negative && scaled !== 0n ? `-${text}` : text;
}

/**
 * Reads a decimal such as `"3.9"` or `"5"` as an exact value (`{ num: 39, den: 10 }`), for
 * writing thresholds the way agreements state them. Throws `RangeError` on anything else.
 */
export function decimal(text: string): IndicatorValue {
  const m = /^(-?)(\d{1,12})(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) throw new RangeError(`not a decimal: ${text}`);
  const frac = m[3] ?? '';
  const e = exact(BigInt(`${m[1]}${m[2]}${frac}`), 10n ** BigInt(frac.length));
  return e.den === 1n ? Number(e.num) : { num: Number(e.num), den: Number(e.den) };
}

/**
 * Whether `value` is a well-formed {@link IndicatorValue}: safe integers within
 * ±{@link MAX_MAGNITUDE}, a positive denominator other than 1, lowest terms.
 */
export function isIndicatorValue(value: unknown): value is IndicatorValue {
  if (typeof value === 'number') return isBounded(value);
  if (!value || typeof value !== 'object') return false;
  const { num, den } = value as { num?: unknown; den?: unknown };
  if (typeof num !== 'number' || typeof den !== 'number') return false;
  if (!isBounded(num) || !isBounded(den) || den < 2) return false;
  return gcd(BigInt(num), BigInt(den)) === 1n;
}

function isBounded(n: number): boolean {
  return Number.isSafeInteger(n) && Math.abs(n) <= MAX_MAGNITUDE;
}
