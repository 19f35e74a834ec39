/**
 * Joint indicators: each side's health authority signs the daily figures a lane's circuit
 * breakers watch (cases, unlinked cases, test positivity of lane travellers, arrivals,
 * positives on arrival, or its own), both nodes read them with the same checks, merge
 * corrections by sequence number, and derive the same exact moving averages.
 *
 * @example
 * const bytes = await signIndicators(document, authoritySigner);
 * const read = await readIndicators(bytes, authorityKeys);
 * if (!read.ok) return read.code; // INDICATOR_SIGNATURE_INVALID, ...
 * const set = indicatorSeries([read.value, ...others]);
 * const avg = derive(set.get('SG', 'unlinked-cases')!, { fn: 'mean', window: 7 }, '2020-11-20');
 */
export { calendarDate, DAY_SECONDS, dayAt, dayNumber, isTimeZone } from './calendar.js';
export {
  DERIVE_FUNCTIONS,
  type DeriveFunction,
  type DeriveSpec,
  derive,
  deriveOnDay,
  MAX_WINDOW,
} from './derive.js';
export {
  INDICATOR_NAMES,
  INDICATORS_CONTENT_TYPE,
  type IndicatorDocument,
  type IndicatorPoint,
  MAX_POINTS,
} from './document.js';
export type { AuthoritySigner } from './envelope.js';
export { INDICATOR_FINDINGS, type IndicatorCode } from './findings.js';
export {
  COMPARISONS,
  type Comparison,
  compareExact,
  decimal,
  decimalExact,
  type Exact,
  exact,
  exactOf,
  formatExact,
  holds,
  type IndicatorValue,
} from './rational.js';
export { MAX_INDICATOR_BYTES, readIndicators, type VerifiedIndicators } from './read.js';
export {
  IndicatorSeries,
  IndicatorSeriesSet,
  indicatorSeries,
  type SequenceConflict,
  type SeriesEntry,
} from './series.js';
export { signIndicators } from './sign.js';
