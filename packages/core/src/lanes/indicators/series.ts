import { calendarDate, dayNumber } from './calendar.js';
import type { IndicatorValue } from './rational.js';
import type { VerifiedIndicators } from './read.js';

/** One day's value in a series and the document it came from. */
export interface SeriesEntry {
  value: IndicatorValue;
  /** Sequence number of the document that supplied the value. */
  sequence: number;
  /** Digest of that document. */
  digest: string;
}

/** Two different documents a country signed with the same sequence number (equivocation). */
export interface SequenceConflict {
  country: string;
  indicator: string;
  lane?: string;
  sequence: number;
  /** The two digests, smaller (the one used) first. */
  digests: [string, string];
}

/** The key of a series: country, indicator and, for a lane's own figures, the lane. */
export function seriesKey(country: string, indicator: string, lane?: string): string {
  return lane === undefined ? `${country}/${indicator}` : `${country}/${indicator}/${lane}`;
}

/**
 * The values of one indicator of one country, day by day, after corrections: for each day the
 * value from the document with the highest sequence number, and between two documents with the
 * same sequence (which an honest authority never signs) the one with the smaller digest. That
 * rule does not depend on the order documents arrive in, so every node holds the same series.
 */
export class IndicatorSeries {
  /** Values by day number. */
  private readonly byDay = new Map<number, SeriesEntry>();
  /** Digest of each sequence number seen, to notice equivocation. */
  private readonly sequences = new Map<number, string>();
  private newest: { sequence: number; digest: string } | undefined;
  /** Latest day holding a value. */
  lastDay = Number.NEGATIVE_INFINITY;
  /** The time zone of the newest document (dates are counted there). */
  timeZone = 'UTC';

  constructor(
    readonly country: string,
    readonly indicator: string,
    readonly lane?: string,
  ) {}

  /** The value for a `YYYY-MM-DD` date, if one was published. */
  valueOn(date: string): IndicatorValue | undefined {
    const day = dayNumber(date);
    return day === undefined ? undefined : this.byDay.get(day)?.value;
  }

  /** The entry for a day number (see `calendar.ts`). */
  entry(day: number): SeriesEntry | undefined {
    return this.byDay.get(day);
  }

  /** The dates holding a value, in order. */
  dates(): string[] {
    return [...this.byDay.keys()].sort((a, b) => a - b).map(calendarDate);
  }

  /**
   * Merges one verified document (of this series) into the values; returns the conflict when
   * it repeats a sequence number with different content. Order-independent by construction.
   */
  apply(v: VerifiedIndicators): SequenceConflict | undefined {
    const doc = v.document;
    let conflict: SequenceConflict | undefined;
    const seen = this.sequences.get(doc.sequence);
    if (seen === undefined) this.sequences.set(doc.sequence, v.digest);
    else if (seen !== v.digest) {
      const [a, b] = seen < v.digest ? [seen, v.digest] : [v.digest, seen];
      this.sequences.set(doc.sequence, a);
      conflict = {
        country: doc.country,
        indicator: doc.indicator,
        ...(doc.lane !== undefined ? { lane: doc.lane } : {}),
        sequence: doc.sequence,
        digests: [a, b],
      };
    }
    if (wins(doc.sequence, v.digest, this.newest)) {
      this.newest = { sequence: doc.sequence, digest: v.digest };
      this.timeZone = doc.timeZone;
    }
    for (const p of doc.points) {
      const day = dayNumber(p.date)!;
      if (!wins(doc.sequence, v.digest, this.byDay.get(day))) continue;
      this.byDay.set(day, { value: p.value, sequence: doc.sequence, digest: v.digest });
      if (day > this.lastDay) this.lastDay = day;
    }
    return conflict;
  }
}

function wins(
  sequence: number,
  digest: string,
  current: SeriesEntry | { sequence: number; digest: string } | undefined,
): boolean {
  if (!current) return true;
  return sequence > current.sequence || (sequence === current.sequence && digest < current.digest);
}

/** Every series of a set of documents, with the equivocations found among them. */
export class IndicatorSeriesSet {
  private readonly byKey = new Map<string, IndicatorSeries>();
  private readonly digests = new Set<string>();
  readonly conflicts: SequenceConflict[] = [];

  /** The series of `indicator` published by `country` (for `lane`, for a lane's own figures). */
  get(country: string, indicator: string, lane?: string): IndicatorSeries | undefined {
    return this.byKey.get(seriesKey(country, indicator, lane));
  }

  /** All series, by key order. */
  all(): IndicatorSeries[] {
    return [...this.byKey.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, s]) => s);
  }

  /** Adds a document (once; a repeated document is ignored); returns the series it changed. */
  add(v: VerifiedIndicators): IndicatorSeries | undefined {
    if (this.digests.has(v.digest)) return undefined;
    this.digests.add(v.digest);
    const d = v.document;
    const key = seriesKey(d.country, d.indicator, d.lane);
    let s = this.byKey.get(key);
    if (!s) {
      s = new IndicatorSeries(d.country, d.indicator, d.lane);
      this.byKey.set(key, s);
    }
    const conflict = s.apply(v);
    if (conflict) this.conflicts.push(conflict);
    return s;
  }
}

/**
 * Builds every series from verified documents: corrections applied (the highest sequence wins
 * for each day), duplicates ignored, equivocations listed in `conflicts`. The result is the
 * same for the same documents in any order.
 *
 * @example
 * const set = indicatorSeries(verified);
 * set.get('SG', 'unlinked-cases')?.valueOn('2020-11-20') // 4
 */
export function indicatorSeries(documents: readonly VerifiedIndicators[]): IndicatorSeriesSet {
  const set = new IndicatorSeriesSet();
  for (const v of canonicalOrder(documents)) set.add(v);
  return set;
}

/** Documents by publication instant, then digest: the order every node replays them in. */
export function canonicalOrder(documents: readonly VerifiedIndicators[]): VerifiedIndicators[] {
  return [...documents].sort(
    (a, b) =>
      a.document.issuedAt - b.document.issuedAt ||
      (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0),
  );
}
