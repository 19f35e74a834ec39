import { dayNumber } from './calendar.js';
import {
  type Comparison,
  compareExact,
  decimalExact,
  type Exact,
  exact,
  exactOf,
  formatExact,
  holds,
  type IndicatorValue,
} from './rational.js';

/**
 * What a derivation reads: a day's value by day number (an `IndicatorSeries`, or the
 * breaker fold's view of one at an instant).
 */
export interface DailyValues {
  valueAt(day: number): IndicatorValue | undefined;
  /**
   * Changes whenever a value already readable may have changed (a correction, a day filled
   * in before the newest); a new newest day leaves it. Without it nothing is remembered.
   */
  readonly revision?: number;
}

/**
 * How a breaker turns a daily series into the number it compares, over a window of days ending
 * on the evaluated date:
 * - `mean`: the sum divided by the window length (the 7-day moving average);
 * - `sum`, `max`, `min`: over the window;
 * - `ratio`: the window sum of this series divided by the window sum of the `per` series of the
 *   same country (positives on arrival per arrivals).
 */
export type DeriveFunction = 'mean' | 'sum' | 'max' | 'min' | 'ratio';

/** Every derivation a breaker may name. */
export const DERIVE_FUNCTIONS: readonly DeriveFunction[] = ['mean', 'sum', 'max', 'min', 'ratio'];

/** A derivation: the function, the window and, for `ratio`, the denominator's indicator. */
export interface DeriveSpec {
  fn: DeriveFunction;
  /** Days in the window, ending on (and including) the evaluated date: 1 to {@link MAX_WINDOW}. */
  window: number;
  /** For `ratio`: the indicator whose window sum divides this one's. */
  per?: string;
}

/** Longest window: a year and a day. */
export const MAX_WINDOW = 366;

/**
 * The derived value of `series` on `date`, exactly, or `undefined` when there is none.
 *
 * The missing-day rule: a value exists only when every day of the window has a published
 * value (and, for `ratio`, the denominator's too, with a sum other than zero). Nothing is
 * interpolated and nothing is rounded, so two nodes holding the same signed documents get the
 * same answer, and a feed that stops cannot trip or clear a breaker by omission.
 *
 * @example
 * derive(set.get('SG', 'unlinked-cases')!, { fn: 'mean', window: 7 }, '2020-11-20')
 * // { num: 27n, den: 7n }: 3.86
 */
export function derive(
  series: DailyValues,
  spec: DeriveSpec,
  date: string,
  denominator?: DailyValues,
): Exact | undefined {
  const day = dayNumber(date);
  if (day === undefined) throw new RangeError(`not a calendar date: ${date}`);
  return deriveOnDay(series, spec, day, denominator);
}

/** {@link derive} on a day number. */
export function deriveOnDay(
  series: DailyValues,
  spec: DeriveSpec,
  day: number,
  denominator?: DailyValues,
): Exact | undefined {
  const v = deriveUnreduced(series, spec, day, denominator);
  return v && exact(v.num, v.den);
}

/**
 * {@link deriveOnDay} without the final reduction to lowest terms (the denominator is still
 * positive), for the breaker fold: comparisons do not need it, and reducing big integers on
 * every check is most of the cost of an evaluation.
 */
export function deriveUnreduced(
  series: DailyValues,
  spec: DeriveSpec,
  day: number,
  denominator?: DailyValues,
): Exact | undefined {
  const window = spec.window;
  if (!Number.isInteger(window) || window < 1 || window > MAX_WINDOW) {
    throw new RangeError(`window must be 1 to ${MAX_WINDOW} days`);
  }
  switch (spec.fn) {
    case 'mean': {
      const sum = windowSum(series, day, window);
      return sum && { num: sum.num, den: sum.den * BigInt(window) };
    }
    case 'sum':
      return windowSum(series, day, window);
    case 'max':
    case 'min':
      return windowExtreme(series, day, window, spec.fn === 'max' ? 1 : -1);
    case 'ratio': {
      if (!denominator) return undefined;
      const top = windowSum(series, day, window);
      const bottom = top && windowSum(denominator, day, window);
      if (!top || !bottom || bottom.num === 0n) return undefined;
      const num = top.num * bottom.den;
      const den = top.den * bottom.num;
      return den < 0n ? { num: -num, den: -den } : { num, den };
    }
  }
}

/**
 * The exact sum over the window (not reduced), or `undefined` when a day is missing. Whole numbers (most
 * counts) are added as doubles, which is exact here: at most 366 values of at most 10^12.
 */
function windowSum(series: DailyValues, day: number, window: number): Exact | undefined {
  let whole = 0;
  let num = 0n;
  let den = 1n;
  for (let d = day - window + 1; d <= day; d++) {
    const v = series.valueAt(d);
    if (v === undefined) return undefined;
    if (typeof v === 'number') whole += v;
    else {
      // a/b + c/d = (ad + cb) / bd; reduced once at the end.
      const b = BigInt(v.den);
      num = num * b + BigInt(v.num) * den;
      den *= b;
    }
  }
  return den === 1n ? { num: BigInt(whole), den: 1n } : { num: num + BigInt(whole) * den, den };
}

function windowExtreme(
  series: DailyValues,
  day: number,
  window: number,
  sign: 1 | -1,
): Exact | undefined {
  let best: Exact | undefined;
  for (let d = day - window + 1; d <= day; d++) {
    const e = series.valueAt(d);
    if (e === undefined) return undefined;
    const v = exactOf(e);
    if (!best || compareExact(v, best) === sign) best = v;
  }
  return best;
}

/**
 * Whether the derived value on `day` satisfies `comparison threshold`, or `undefined` when
 * there is no value. The same answer as comparing {@link deriveOnDay} exactly; counts (whole
 * numbers, the usual case) are compared in doubles when every product stays below 2^53, where
 * doubles are exact, and everything else goes through the exact path. The breaker fold asks
 * this at every publication, so it must not allocate big integers for plain counts.
 */
export function holdsOnDay(
  series: DailyValues,
  spec: DeriveSpec,
  day: number,
  denominator: DailyValues | undefined,
  comparison: Comparison,
  threshold: Exact | NumericThreshold,
  sums?: WindowSums,
): boolean | undefined {
  if (spec.fn === 'mean' || spec.fn === 'sum' || spec.fn === 'ratio') {
    const top = sums ? sums.top.of(series, day, spec.window) : wholeSum(series, day, spec.window);
    if (top === MISSING) return undefined;
    let den = spec.fn === 'mean' ? spec.window : 1;
    if (spec.fn === 'ratio') {
      if (!denominator) return undefined;
      const bottom = sums
        ? sums.bottom.of(denominator, day, spec.window)
        : wholeSum(denominator, day, spec.window);
      if (bottom === MISSING || bottom === 0) return undefined;
      den = bottom;
    }
    const tn = 'n' in threshold ? threshold.n : Number(threshold.num);
    const td = 'd' in threshold ? threshold.d : Number(threshold.den);
    if (top !== FRACTION && den !== FRACTION) {
      // top/den ? tn/td  ⇔  top·td·sign(den) ? tn·|den|
      const left = top * td * Math.sign(den);
      const right = tn * Math.abs(den);
      if (Math.abs(left) <= Number.MAX_SAFE_INTEGER && Math.abs(right) <= Number.MAX_SAFE_INTEGER) {
        return compareNumbers(left, right, comparison);
      }
    }
  }
  const value = deriveUnreduced(series, spec, day, denominator);
  return value && holds(value, comparison, threshold);
}

/**
 * The derived value on `day` as a reading shows it: exact text in lowest terms (`27/7`, as
 * `formatExact` writes it) and two decimals (`3.86`, as `decimalExact`), or `undefined` when
 * there is none. Whole counts (the usual case) are worked out in doubles while every product
 * stays below 2^53, where doubles are exact; anything else goes through the exact path. The
 * breaker fold writes one for every reading of every transition.
 */
export function derivedText(
  series: DailyValues,
  spec: DeriveSpec,
  day: number,
  denominator?: DailyValues,
): { value: string; display: string } | undefined {
  const fn = spec.fn;
  const window = spec.window;
  if (
    (fn === 'mean' || fn === 'sum' || (fn === 'ratio' && denominator)) &&
    Number.isInteger(window) &&
    window >= 1 &&
    window <= MAX_WINDOW
  ) {
    let num = wholeSum(series, day, window);
    let den = fn === 'mean' ? window : 1;
    if (fn === 'ratio' && num !== MISSING && num !== FRACTION)
      den = wholeSum(denominator!, day, window);
    if (num !== MISSING && num !== FRACTION && den !== MISSING && den !== FRACTION && den !== 0) {
      if (den < 0) {
        num = -num;
        den = -den;
      }
      const text = wholeText(num, den);
      if (text !== undefined) return text;
    }
  }
  const raw = deriveUnreduced(series, spec, day, denominator);
  if (!raw) return undefined;
  const value = exact(raw.num, raw.den);
  return { value: formatExact(value), display: decimalExact(value) };
}

/** {@link derivedText} of `num/den` (`den` > 0) in doubles; `undefined` past 2^53. */
function wholeText(num: number, den: number): { value: string; display: string } | undefined {
  let a = Math.abs(num);
  let b = den;
  while (b !== 0) [a, b] = [b, a % b];
  if (a > 1) {
    num /= a;
    den /= a;
  }
  // decimalExact's rounding half away from zero to two places: (|num|·200 + den) / (2·den).
  const n = Math.abs(num);
  const top = n * 200 + den;
  if (!(top + 2 * den <= Number.MAX_SAFE_INTEGER)) return undefined;
  const scaled = wholeQuotient(top, 2 * den);
  const fraction = scaled % 100;
  const text = `${(scaled - fraction) / 100}.${fraction < 10 ? '0' : ''}${fraction}`;
  return {
    value: den === 1 ? String(num) : `${num}/${den}`,
    display: num < 0 && scaled !== 0 ? `-${text}` : text,
  };
}

/** `floor(a / b)` of whole numbers whose sum stays below 2^53, exactly. */
function wholeQuotient(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q--;
  else if ((q + 1) * b <= a) q++;
  return q;
}

/** A threshold with its numerator and denominator also as doubles, converted once per breaker. */
export interface NumericThreshold extends Exact {
  readonly n: number;
  readonly d: number;
}

/** The {@link NumericThreshold} of an exact value. */
export function numericThreshold(value: Exact): NumericThreshold {
  return { num: value.num, den: value.den, n: Number(value.num), d: Number(value.den) };
}

/** The window sums of one watched side (the series, and the denominator of a ratio). */
export interface WindowSums {
  top: WindowSum;
  bottom: WindowSum;
}

/**
 * The whole sum of a window (as {@link holdsOnDay} computes it), remembered between calls: the
 * breaker fold asks about each next day of a series, and when the series' `revision` has not
 * changed since the last answer, the window only slides forward, so the days it leaves are
 * taken off and the days it reaches added instead of reading the whole window again.
 */
export class WindowSum {
  private series: DailyValues | undefined;
  private revision = 0;
  private window = 0;
  private day = 0;
  private sum = 0;

  /** The window's whole sum ending on `day`; {@link MISSING} or {@link FRACTION} as `wholeSum`. */
  of(series: DailyValues, day: number, window: number): number {
    const from = this.day;
    if (
      series === this.series &&
      series.revision === this.revision &&
      window === this.window &&
      day >= from &&
      day - from < window
    ) {
      // The days left behind held whole numbers when summed, and nothing rewrote them since.
      let sum = this.sum;
      for (let d = from + 1; d <= day; d++) {
        const v = series.valueAt(d);
        if (typeof v !== 'number') {
          this.series = undefined;
          return v === undefined ? MISSING : FRACTION;
        }
        sum += v - (series.valueAt(d - window) as number);
      }
      this.day = day;
      this.sum = sum;
      return sum;
    }
    const sum = wholeSum(series, day, window);
    if (sum === MISSING || sum === FRACTION || series.revision === undefined) {
      this.series = undefined;
      return sum;
    }
    this.series = series;
    this.revision = series.revision;
    this.window = window;
    this.day = day;
    this.sum = sum;
    return sum;
  }
}

/** A day of the window has no value (not a whole number: no sum is ever this). */
const MISSING = -0.5;
/** A day of the window holds a fraction. */
const FRACTION = 0.5;

/** The window's sum when every value is a whole number; {@link MISSING} or {@link FRACTION}. */
function wholeSum(series: DailyValues, day: number, window: number): number {
  let sum = 0;
  for (let d = day - window + 1; d <= day; d++) {
    const v = series.valueAt(d);
    if (v === undefined) return MISSING;
    if (typeof v !== 'number') return FRACTION;
    sum += v;
  }
  return sum;
}

function compareNumbers(left: number, right: number, comparison: Comparison): boolean {
  switch (comparison) {
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
  }
}
