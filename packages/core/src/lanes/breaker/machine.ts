import { isoSeconds } from '../../lib/iso-time.js';
import type { FindingParams } from '../../report/finding.js';
import { calendarDate, dayAt } from '../indicators/calendar.js';
import {
  derivedText,
  holdsOnDay,
  type NumericThreshold,
  numericThreshold,
  WindowSum,
  type WindowSums,
} from '../indicators/derive.js';
import {
  type Comparison,
  decimalExact,
  type Exact,
  exactOf,
  formatExact,
} from '../indicators/rational.js';
import type { SeriesAtInstant, SeriesLookup } from '../indicators/replay.js';
import { seriesKey } from '../indicators/series.js';
import type { BreakerCode } from './findings.js';
import type { VerifiedOverride } from './override.js';
import { BLOCKED_BY_SCOPE, type BreakerSpec, type Condition, durationSeconds } from './spec.js';
import type {
  BreakerEpisode,
  BreakerPhase,
  BreakerState,
  BreakerTransition,
  IndicatorReading,
  OverrideReference,
} from './state.js';

/** NumericDate seconds as ISO-8601 (whole seconds, `Z`). */
export function iso(seconds: number): string {
  // The arithmetic `isoSeconds` for whole seconds of years 1970 to 9999 (every real instant),
  // `Date` for anything else, as before (fractions kept, a `RangeError` past its range).
  return Number.isInteger(seconds) && seconds >= 0 && seconds <= 253402300799
    ? isoSeconds(seconds)
    : new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

interface Episode {
  trigger: 'indicator' | 'override';
  announcedAt: number;
  effectiveAt: number;
  plannedEnd: number;
  endedAt?: number;
  cancelledAt?: number;
}

/**
 * One breaker's state machine inside the fold of {@link evaluateBreakers}. It only moves
 * forward: each method takes the current instant `t`, which never decreases, and every
 * decision reads only the indicator documents published up to `t`.
 */
export class BreakerMachine {
  phase: BreakerPhase = 'closed';
  since: number;
  heldUntil: number | undefined;
  readonly episodes: Episode[] = [];
  readonly history: BreakerTransition[] = [];
  /** A hold ran out: the next check looks at every watched side. */
  private recheck = false;
  /** The side and day whose figures a waiting resumption test needs. */
  private pending: { country: string; day: number } = { country: '', day: 0 };
  private readonly sides: readonly WatchedSide[];
  private readonly threshold: NumericThreshold | undefined;
  private readonly resumeThreshold: NumericThreshold | undefined;

  constructor(
    readonly spec: BreakerSpec,
    laneId: string,
    parties: readonly string[],
    start: number,
    /** Where transitions of every breaker are also recorded, in order. */
    private readonly laneHistory: BreakerTransition[],
  ) {
    this.since = start;
    const lane = spec.source === 'lane' ? laneId : undefined;
    const countries = spec.side === 'either' || spec.side === 'both' ? parties : [spec.side];
    this.sides = countries.map((country) => ({
      country,
      key: seriesKey(country, spec.indicator ?? '', lane),
      ...(spec.derive?.per ? { perKey: seriesKey(country, spec.derive.per, lane) } : {}),
      sums: { top: new WindowSum(), bottom: new WindowSum() },
    }));
    this.threshold = spec.trip && numericThreshold(exactOf(spec.trip.threshold));
    this.resumeThreshold = spec.resumption && numericThreshold(exactOf(spec.resumption.threshold));
  }

  private get episode(): Episode {
    return this.episodes[this.episodes.length - 1]!;
  }

  /** The next instant this breaker acts without new input, or `Infinity`. */
  nextScheduled(): number {
    switch (this.phase) {
      case 'announced':
        return this.episode.effectiveAt;
      case 'suspended':
        return this.episode.plannedEnd;
      case 'closed':
        return this.heldUntil ?? Number.POSITIVE_INFINITY;
      case 'resuming':
        return Number.POSITIVE_INFINITY;
    }
  }

  /** Takes every scheduled step due at or before `t`: a hold running out, effective time, planned end. */
  advance(t: number, known: SeriesLookup): void {
    for (;;) {
      if (this.phase === 'closed' && this.heldUntil !== undefined && this.heldUntil <= t) {
        this.heldUntil = undefined;
        this.recheck = true;
      } else if (this.phase === 'announced' && this.episode.effectiveAt <= t) {
        this.move(t, 'suspended', 'BREAKER_EFFECTIVE', {
          scope: this.spec.scope,
          plannedEnd: iso(this.episode.plannedEnd),
        });
      } else if (this.phase === 'suspended' && this.episode.plannedEnd <= t) {
        this.atPlannedEnd(t, known);
      } else return;
    }
  }

  /**
   * Runs the formula at `t`, when documents published at `t` touched a watched series (their
   * `publishedAt` is `t`); `full` asks for every watched side (the lane's start, a hold running
   * out).
   */
  check(t: number, known: SeriesLookup, full: boolean): void {
    full ||= this.recheck;
    this.recheck = false;
    if (this.phase === 'resuming') {
      if (full || this.touches(t, known)) this.tryResumption(t, known);
      return;
    }
    if (this.phase !== 'closed' || this.heldUntil !== undefined || !this.spec.trip) return;
    if (!full && !this.touches(t, known)) return;
    const trip = this.spec.trip;
    const both = this.spec.side === 'both';
    // Whether it trips, first, without writing anything down: it almost never does.
    let tripped = both;
    for (const side of this.sides) {
      if (!both && !full && !sideTouched(side, t, known)) continue;
      const holds = this.holds(side, known, this.threshold!, trip.comparison);
      if (holds !== both) {
        tripped = holds;
        break;
      }
    }
    if (!tripped) return;
    const measured: Measured[] = [];
    for (const side of this.sides) {
      if (!both && !full && !sideTouched(side, t, known)) continue;
      measured.push(this.measure(side, known, this.threshold!, trip.comparison));
    }
    const effectiveAt = t + durationSeconds(this.spec.leadTime);
    this.episodes.push({
      trigger: 'indicator',
      announcedAt: t,
      effectiveAt,
      plannedEnd: effectiveAt + durationSeconds(this.spec.suspension),
    });
    const shown = measured
      .filter((r) => r.holds)
      .map((r) => this.reading(r, known, trip, this.threshold!));
    this.move(
      t,
      'announced',
      'BREAKER_ANNOUNCED',
      { values: summary(shown), effective: iso(effectiveAt) },
      { readings: shown },
    );
  }

  /** Applies a verified override of this breaker at `t`; `false` when it does not apply. */
  override(t: number, v: VerifiedOverride): boolean {
    const o = v.override;
    const ref: OverrideReference = {
      id: o.id,
      action: o.action,
      country: v.signer.country,
      kid: v.signer.kid,
      digest: v.digest,
      reason: o.reason,
    };
    const reason = o.reason.en ?? o.reason.zh ?? o.reason.ko ?? '';
    const base = { country: v.signer.country, reason };
    switch (o.action) {
      case 'trigger': {
        if (this.phase !== 'closed') return false;
        const effectiveAt = o.effectiveAt ?? t + durationSeconds(this.spec.leadTime);
        // An `until` before the effective time (the lead time is the lane's, not the override's)
        // makes a suspension of no length: it ends where it starts, after its resumption test.
        const plannedEnd = Math.max(
          o.until ?? effectiveAt + durationSeconds(this.spec.suspension),
          effectiveAt,
        );
        this.heldUntil = undefined;
        this.episodes.push({ trigger: 'override', announcedAt: t, effectiveAt, plannedEnd });
        this.move(
          t,
          'announced',
          'BREAKER_OVERRIDE_TRIGGER',
          { ...base, effective: iso(effectiveAt) },
          { override: ref },
        );
        return true;
      }
      case 'delay': {
        const until = o.until!;
        const params = { ...base, until: iso(until) };
        if (this.phase === 'closed') this.heldUntil = until;
        else if (this.phase === 'announced') {
          const length = this.episode.plannedEnd - this.episode.effectiveAt;
          this.episode.effectiveAt = until;
          this.episode.plannedEnd = until + length;
        } else this.episode.plannedEnd = until;
        this.move(
          t,
          this.phase === 'resuming' ? 'suspended' : this.phase,
          'BREAKER_OVERRIDE_DELAY',
          params,
          { override: ref },
        );
        return true;
      }
      case 'cancel':
        if (this.phase !== 'announced') return false;
        this.episode.cancelledAt = t;
        this.heldUntil = o.until;
        this.move(t, 'closed', 'BREAKER_OVERRIDE_CANCEL', base, { override: ref });
        return true;
      case 'end':
        if (this.phase !== 'suspended' && this.phase !== 'resuming') return false;
        this.episode.endedAt = t;
        this.heldUntil = o.until;
        this.move(t, 'closed', 'BREAKER_OVERRIDE_END', base, { override: ref });
        return true;
    }
  }

  private atPlannedEnd(t: number, known: SeriesLookup): void {
    if (!this.spec.resumption) {
      this.episode.endedAt = t;
      this.move(t, 'closed', 'BREAKER_ENDED', {});
      return;
    }
    if (!this.tryResumption(t, known)) {
      const { country, day } = this.pending;
      this.move(t, 'resuming', 'BREAKER_AWAITING_DATA', {
        date: `${country} ${calendarDate(day)}`,
      });
    }
  }

  /**
   * The resumption test on the last day of the suspension (the day before the planned end, in
   * each watched country's time zone): ends or extends the suspension, or answers `false` when
   * a side's figures for that day are not complete yet.
   */
  private tryResumption(t: number, known: SeriesLookup): boolean {
    const test = this.spec.resumption!;
    const end = this.episode.plannedEnd;
    const measured: Measured[] = [];
    for (const side of this.sides) {
      const day = this.lastDayOf(end, seriesOf(side, known)?.timeZone ?? 'UTC');
      const m = this.measure(side, known, this.resumeThreshold!, test.comparison, day);
      if (!m.known) {
        // Written out only if it becomes a transition: a waiting test runs at every publication.
        this.pending.country = side.country;
        this.pending.day = day;
        return false;
      }
      measured.push(m);
    }
    const readings = measured.map((m) => this.reading(m, known, test, this.resumeThreshold!));
    if (measured.every((r) => r.holds)) {
      this.episode.endedAt = t;
      this.move(t, 'closed', 'BREAKER_RESUMED', { values: summary(readings) }, { readings });
    } else {
      this.episode.plannedEnd = end + durationSeconds(test.extension ?? this.spec.suspension);
      this.move(
        t,
        'suspended',
        'BREAKER_EXTENDED',
        { values: summary(readings), plannedEnd: iso(this.episode.plannedEnd) },
        { readings },
      );
    }
    return true;
  }

  /** By time zone, the last suspension end asked about and its last day. */
  private lastDays = new Map<string, { end: number; day: number }>();

  /**
   * The last day of a suspension ending at `end`, in `timeZone`: the day of its last second.
   * Remembered, because a waiting resumption test asks at every publication and the time-zone
   * conversion costs more than the test.
   */
  private lastDayOf(end: number, timeZone: string): number {
    const known = this.lastDays.get(timeZone);
    if (known !== undefined && known.end === end) return known.day;
    const day = dayAt(end - 1, timeZone);
    this.lastDays.set(timeZone, { end, day });
    return day;
  }

  /** {@link measure}'s `holds` alone, with nothing allocated. */
  private holds(
    side: WatchedSide,
    known: SeriesLookup,
    threshold: Exact,
    comparison: Comparison,
  ): boolean {
    const series = seriesOf(side, known);
    if (series === undefined) return false;
    const per = perOf(side, known);
    const d = per ? Math.min(series.lastDay, per.lastDay) : series.lastDay;
    if (!Number.isFinite(d)) return false;
    return holdsOnDay(series, this.spec.derive!, d, per, comparison, threshold, side.sums) === true;
  }

  /** Whether `side`'s derived value on `day` (default: its newest day) satisfies a test. */
  private measure(
    side: WatchedSide,
    known: SeriesLookup,
    threshold: Exact,
    comparison: Comparison,
    day?: number,
  ): Measured {
    const series = seriesOf(side, known);
    const per = perOf(side, known);
    const d =
      day ?? (series ? Math.min(series.lastDay, per ? per.lastDay : series.lastDay) : undefined);
    if (d === undefined || !Number.isFinite(d)) return { side, holds: false, known: false };
    const holds =
      series && holdsOnDay(series, this.spec.derive!, d, per, comparison, threshold, side.sums);
    if (holds === undefined) return { side, day: d, holds: false, known: false };
    return { side, day: d, holds, known: true };
  }

  /** A measured value as the history records it (only for values that decide a transition). */
  private reading(
    m: Measured,
    known: SeriesLookup,
    condition: Condition,
    threshold: Exact,
  ): IndicatorReading {
    const r: IndicatorReading = {
      country: m.side.country,
      date: m.day === undefined ? '-' : calendarDate(m.day),
      comparison: condition.comparison,
      threshold: formatExact(threshold),
      holds: m.holds,
    };
    const series = seriesOf(m.side, known);
    const per = perOf(m.side, known);
    const text = m.known && series && derivedText(series, this.spec.derive!, m.day!, per);
    if (text) {
      r.value = text.value;
      r.display = text.display;
    }
    return r;
  }

  /** Whether documents published at `t` touched a series this breaker watches. */
  private touches(t: number, known: SeriesLookup): boolean {
    if (!this.spec.indicator) return false;
    for (const side of this.sides) if (sideTouched(side, t, known)) return true;
    return false;
  }

  private move(
    t: number,
    to: BreakerPhase,
    code: BreakerCode,
    params: FindingParams,
    extra: { readings?: IndicatorReading[]; override?: OverrideReference } = {},
  ): void {
    const transition: BreakerTransition = {
      at: iso(t),
      breaker: this.spec.id,
      from: this.phase,
      to,
      code,
      params: { breaker: this.spec.id, ...params },
      ...extra,
    };
    if (to !== this.phase) this.since = t;
    this.phase = to;
    this.history.push(transition);
    this.laneHistory.push(transition);
  }

  /** The breaker's state for the answer. */
  state(): BreakerState {
    const s: BreakerState = {
      breaker: this.spec.id,
      phase: this.phase,
      since: iso(this.since),
      scope: this.spec.scope,
      grandfathering: this.spec.grandfathering,
      blocked: this.inForce() ? [...BLOCKED_BY_SCOPE[this.spec.scope]] : [],
      episodes: this.episodes.map((e) => this.episodeOut(e)),
      history: this.history,
    };
    if (this.phase !== 'closed') {
      s.announcedAt = iso(this.episode.announcedAt);
      s.effectiveAt = iso(this.episode.effectiveAt);
      s.plannedEnd = iso(this.episode.plannedEnd);
    } else if (this.heldUntil !== undefined) s.heldUntil = iso(this.heldUntil);
    return s;
  }

  /** Whether the breaker's scope is blocked now. */
  inForce(): boolean {
    return this.phase === 'suspended' || this.phase === 'resuming';
  }

  private episodeOut(e: Episode): BreakerEpisode {
    const out: BreakerEpisode = {
      breaker: this.spec.id,
      trigger: e.trigger,
      announcedAt: iso(e.announcedAt),
      effectiveAt: iso(e.effectiveAt),
      plannedEnd: iso(e.plannedEnd),
      scope: this.spec.scope,
      grandfathering: this.spec.grandfathering,
    };
    if (e.endedAt !== undefined) out.endedAt = iso(e.endedAt);
    if (e.cancelledAt !== undefined) out.cancelledAt = iso(e.cancelledAt);
    return out;
  }
}

/**
 * A country the breaker watches, the keys of the series it reads there and, once published,
 * those series (a feed keeps one object per series for the whole evaluation, so each key is
 * looked up until it appears, then never again).
 */
interface WatchedSide {
  country: string;
  key: string;
  perKey?: string;
  series?: SeriesAtInstant;
  per?: SeriesAtInstant;
  /** Its window sums, remembered from one check to the next. */
  sums: WindowSums;
}

function seriesOf(side: WatchedSide, known: SeriesLookup): SeriesAtInstant | undefined {
  if (side.series === undefined) side.series = known.byKey(side.key);
  return side.series;
}

function perOf(side: WatchedSide, known: SeriesLookup): SeriesAtInstant | undefined {
  if (side.perKey === undefined) return undefined;
  if (side.per === undefined) side.per = known.byKey(side.perKey);
  return side.per;
}

/** Whether documents published at `t` touched the side's series or its denominator. */
function sideTouched(side: WatchedSide, t: number, known: SeriesLookup): boolean {
  return seriesOf(side, known)?.publishedAt === t || perOf(side, known)?.publishedAt === t;
}

/** One side's test result, before it is written out. */
interface Measured {
  side: WatchedSide;
  day?: number;
  /** Whether there was a value (a complete window). */
  known: boolean;
  holds: boolean;
}

/** `SG 2020-11-20: 6.29 > 5; HK 2020-11-20: 3.86 > 5`, for messages. */
function summary(readings: readonly IndicatorReading[]): string {
  return readings
    .map(
      (r) =>
        `${r.country} ${r.date}: ${r.display ?? '-'} ${r.comparison} ${decimalText(r.threshold)}`,
    )
    .join('; ');
}

function decimalText(exactText: string): string {
  // A breaker's thresholds are few and come back at every transition: each is written once.
  let text = decimalTexts.get(exactText);
  if (text === undefined) {
    const [n, d] = exactText.split('/');
    text = d === undefined ? n! : decimalExact({ num: BigInt(n!), den: BigInt(d) });
    if (decimalTexts.size >= 64) decimalTexts.clear();
    decimalTexts.set(exactText, text);
  }
  return text;
}

const decimalTexts = new Map<string, string>();
