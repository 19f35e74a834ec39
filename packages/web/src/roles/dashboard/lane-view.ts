import {
  type BreakerSpec,
  calendarDate,
  dayNumber,
  decimalExact,
  derive,
  type Exact,
  indicatorSeries,
  type Lane,
  type LaneBreakerState,
  laneAt,
  laneBreakerState,
  type VerifiedOverride,
} from '@corridor/core/lanes';
import type { TrustBundle } from '@corridor/core/trust';

/**
 * Days of derived values the chart shows at most, ending on the latest published day and
 * starting on the first day with a value.
 */
export const CHART_DAYS = 21;

/** One day of one side's derived value (absent while the window is incomplete). */
export interface ChartPoint {
  date: string;
  /** The value rounded to two places, as people read it. */
  display?: string;
  /** The same, as a number to plot. */
  value?: number;
}

/** One side's derived series of a breaker's indicator. */
export interface ChartSeries {
  country: string;
  points: ChartPoint[];
}

/** A breaker's indicator against its thresholds, for the chart and its table. */
export interface BreakerChart {
  breaker: string;
  indicator: string;
  derive: NonNullable<BreakerSpec['derive']>;
  trip: { comparison: string; threshold: number; display: string };
  resumption?: { comparison: string; threshold: number; display: string };
  series: ChartSeries[];
}

/** Everything the dashboard shows of one lane, computed in the page from the signed bundle. */
export interface LaneView {
  id: string;
  /** The version in force at the instant, if any. */
  lane?: Lane;
  /** The breakers' state (core's state machine); absent when the version names none. */
  state?: LaneBreakerState;
  charts: BreakerChart[];
  /** The verified overrides of this lane (signature checked against the authority keys). */
  overrides: VerifiedOverride[];
}

const toNumber = (e: Exact) => Number(e.num) / Number(e.den);
const thresholdOf = (c: {
  comparison: string;
  threshold: number | { num: number; den: number };
}) => {
  const value = typeof c.threshold === 'number' ? c.threshold : c.threshold.num / c.threshold.den;
  return {
    comparison: c.comparison,
    threshold: value,
    display: String(Math.round(value * 100) / 100),
  };
};

/** The countries whose figures a breaker watches. */
function sidesOf(spec: BreakerSpec, lane: Lane): string[] {
  return spec.side === 'either' || spec.side === 'both' ? [...lane.parties] : [spec.side];
}

/** A breaker's derived series per side over the last {@link CHART_DAYS} published days. */
function chartOf(
  spec: BreakerSpec,
  lane: Lane,
  set: ReturnType<typeof indicatorSeries>,
): BreakerChart | undefined {
  if (!spec.indicator || !spec.derive || !spec.trip) return undefined;
  const laneId = spec.source === 'lane' ? lane.id : undefined;
  const sides = sidesOf(spec, lane);
  const sources = sides.map((country) => ({
    country,
    series: set.get(country, spec.indicator!, laneId),
    per: spec.derive?.per ? set.get(country, spec.derive.per, laneId) : undefined,
  }));
  const last = Math.max(
    ...sources.map((s) => {
      const dates = s.series?.dates() ?? [];
      return dates.length ? (dayNumber(dates[dates.length - 1]) ?? 0) : 0;
    }),
  );
  const days =
    last > 0
      ? Array.from({ length: CHART_DAYS }, (_, i) => calendarDate(last - CHART_DAYS + 1 + i))
      : [];
  const series = sources.map((s) => ({
    country: s.country,
    points: days.map((date): ChartPoint => {
      const v = s.series ? derive(s.series, spec.derive!, date, s.per) : undefined;
      return v ? { date, display: decimalExact(v), value: toNumber(v) } : { date };
    }),
  }));
  // The window starts on the first day with a value on some side (a young lane has fewer).
  const first = days.findIndex((_, i) => series.some((x) => x.points[i]?.value !== undefined));
  return {
    breaker: spec.id,
    indicator: spec.indicator,
    derive: spec.derive,
    trip: thresholdOf(spec.trip),
    ...(spec.resumption ? { resumption: thresholdOf(spec.resumption) } : {}),
    series: first > 0 ? series.map((x) => ({ ...x, points: x.points.slice(first) })) : series,
  };
}

/**
 * The lanes of a bundle as the dashboard shows them at `at`: the version in force, the breaker
 * state from core's pure state machine (the node's and every checkpoint's result: the same
 * signed inputs, the same function), each breaker's indicator against its thresholds, and the
 * overrides. Only signed data: the bundle's lane versions (both parties' signatures), the
 * indicator documents and overrides (each checked against its country's authority key).
 */
export function laneViews(bundle: TrustBundle, at: Date): LaneView[] {
  const signals = bundle.laneSignals();
  const set = indicatorSeries(signals.indicators);
  const ids = [...new Set(bundle.lanes().map((l) => l.id))].sort();
  return ids.map((id) => {
    const versions = bundle.lanes().filter((l) => l.id === id);
    const lane = laneAt(versions, at);
    const evaluated = laneBreakerState(versions, signals, at);
    const charts = lane
      ? (lane.breakers ?? [])
          .map((spec) => chartOf(spec, lane, set))
          .filter((c): c is BreakerChart => c !== undefined)
      : [];
    return {
      id,
      ...(lane ? { lane } : {}),
      ...(evaluated ? { state: evaluated.state } : {}),
      charts,
      overrides: signals.overrides.filter((o) => o.override.lane === id),
    };
  });
}

/** `YYYY-MM-DD` of `at` in UTC, `offset` days later. */
export function utcDay(at: Date, offset = 0): string {
  return new Date(at.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** An ISO instant as people read it in the dashboard: `2021-03-10 01:00 UTC`. */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
