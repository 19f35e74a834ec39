import type { FindingParams } from '../../report/finding.js';
import { calendarDate, dayAt } from '../indicators/calendar.js';
import { deriveOnDay } from '../indicators/derive.js';
import { decimalExact, type Exact, exactOf, formatExact, holds } from '../indicators/rational.js';
import { type IndicatorSeriesSet, seriesKey } from '../indicators/series.js';
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
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
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
  /** The side and date whose figures a waiting resumption test needs. */
  private pendingDate = '';
  /** Series keys whose change can trip or resume this breaker. */
  readonly watchedKeys: ReadonlySet<string>;
  private readonly sides: readonly string[];
  private readonly threshold: Exact | undefined;
  private readonly resumeThreshold: Exact | undefined;

  constructor(
    readonly spec: BreakerSpec,
    private readonly laneId: string,
    parties: readonly string[],
    start: number,
    /** Where transitions of every breaker are also recorded, in order. */
    private readonly laneHistory: BreakerTransition[],
  ) {
    this.since = start;
    this.sides = spec.side === 'either' || spec.side === 'both' ? [...parties] : [spec.side];
    this.threshold = spec.trip && exactOf(spec.trip.threshold);
    this.resumeThreshold = spec.resumption && exactOf(spec.resumption.threshold);
    const keys = new Set<string>();
    if (spec.indicator) {
      for (const side of this.sides) {
        keys.add(this.key(side, spec.indicator));
        if (spec.derive?.per) keys.add(this.key(side, spec.derive.per));
      }
    }
    this.watchedKeys = keys;
  }

  private key(country: string, indicator: string): string {
    return seriesKey(country, indicator, this.spec.source === 'lane' ? this.laneId : undefined);
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
  advance(t: number, known: IndicatorSeriesSet): void {
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
   * Runs the formula at `t`. `changed` holds the series that new documents touched at `t`;
   * `full` asks for every watched side (the lane's start, a hold running out).
   */
  check(t: number, known: IndicatorSeriesSet, changed: ReadonlySet<string>, full: boolean): void {
    full ||= this.recheck;
    this.recheck = false;
    if (this.phase === 'resuming') {
      if (full || this.touches(changed)) this.tryResumption(t, known);
      return;
    }
    if (this.phase !== 'closed' || this.heldUntil !== undefined || !this.spec.trip) return;
    if (!full && !this.touches(changed)) return;
    const readings: IndicatorReading[] = [];
    for (const side of this.sides) {
      if (!full && !this.sideTouched(side, changed) && this.spec.side !== 'both') continue;
      readings.push(this.reading(side, known, this.spec.trip, this.threshold!));
    }
    const tripped =
      this.spec.side === 'both'
        ? readings.length === this.sides.length && readings.every((r) => r.holds)
        : readings.some((r) => r.holds);
    if (!tripped) return;
    const effectiveAt = t + durationSeconds(this.spec.leadTime);
    this.episodes.push({
      trigger: 'indicator',
      announcedAt: t,
      effectiveAt,
      plannedEnd: effectiveAt + durationSeconds(this.spec.suspension),
    });
    const shown = readings.filter((r) => r.holds);
    this.move(
      t,
      'announced',
      'BREAKER_ANNOUNCED',
      {
        values: summary(shown),
        effective: iso(effectiveAt),
      },
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

  private atPlannedEnd(t: number, known: IndicatorSeriesSet): void {
    if (!this.spec.resumption) {
      this.episode.endedAt = t;
      this.move(t, 'closed', 'BREAKER_ENDED', {});
      return;
    }
    if (!this.tryResumption(t, known)) {
      this.move(t, 'resuming', 'BREAKER_AWAITING_DATA', { date: this.pendingDate });
    }
  }

  /**
   * The resumption test on the last day of the suspension (the day before the planned end, in
   * each watched country's time zone): ends or extends the suspension, or answers `false` when
   * a side's figures for that day are not complete yet.
   */
  private tryResumption(t: number, known: IndicatorSeriesSet): boolean {
    const test = this.spec.resumption!;
    const end = this.episode.plannedEnd;
    const readings: IndicatorReading[] = [];
    for (const side of this.sides) {
      const series = known.get(side, this.spec.indicator!, this.laneScope());
      const day = dayAt(end - 1, series?.timeZone ?? 'UTC');
      const r = this.reading(side, known, test, this.resumeThreshold!, day);
      if (r.value === undefined) {
        this.pendingDate = `${side} ${r.date}`;
        return false;
      }
      readings.push(r);
    }
    if (readings.every((r) => r.holds)) {
      this.episode.endedAt = t;
      this.move(t, 'closed', 'BREAKER_RESUMED', { values: summary(readings) }, { readings });
    } else {
      this.episode.plannedEnd = end + durationSeconds(test.extension ?? this.spec.suspension);
      this.move(
        t,
        'suspended',
        'BREAKER_EXTENDED',
        {
          values: summary(readings),
          plannedEnd: iso(this.episode.plannedEnd),
        },
        { readings },
      );
    }
    return true;
  }

  private laneScope(): string | undefined {
    return this.spec.source === 'lane' ? this.laneId : undefined;
  }

  /** The derived value for `side` on `day` (default: the newest day it has figures for). */
  private reading(
    side: string,
    known: IndicatorSeriesSet,
    condition: Condition,
    threshold: Exact,
    day?: number,
  ): IndicatorReading {
    const derive = this.spec.derive!;
    const series = known.get(side, this.spec.indicator!, this.laneScope());
    const per = derive.per ? known.get(side, derive.per, this.laneScope()) : undefined;
    const base = {
      country: side,
      comparison: condition.comparison,
      threshold: formatExact(threshold),
    };
    const d =
      day ?? (series ? Math.min(series.lastDay, per ? per.lastDay : series.lastDay) : undefined);
    if (d === undefined || !Number.isFinite(d)) return { ...base, date: '-', holds: false };
    const value = series && deriveOnDay(series, derive, d, per);
    if (!value) return { ...base, date: calendarDate(d), holds: false };
    return {
      ...base,
      date: calendarDate(d),
      value: formatExact(value),
      display: decimalExact(value),
      holds: holds(value, condition.comparison, threshold),
    };
  }

  private touches(changed: ReadonlySet<string>): boolean {
    for (const k of this.watchedKeys) if (changed.has(k)) return true;
    return false;
  }

  private sideTouched(side: string, changed: ReadonlySet<string>): boolean {
    if (changed.has(this.key(side, this.spec.indicator!))) return true;
    return this.spec.derive?.per !== undefined && changed.has(this.key(side, this.spec.derive.per));
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
  const [n, d] = exactText.split('/');
  return d === undefined ? n! : decimalExact({ num: BigInt(n!), den: BigInt(d) });
}
