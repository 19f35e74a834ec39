import { calendarDate, dayNumber, dayOfCheckedDate } from './calendar.js';
import { MAX_POINTS } from './document.js';
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
  /** The documents merged so far, in the order they were applied. */
  private readonly docs: VerifiedIndicators[] = [];
  /**
   * By day, where its value comes from: document index × {@link POINT_SLOTS} + point index. A
   * number rather than an object per point, so replaying a year allocates little. Kept in an
   * array indexed from day `base` while the days span at most {@link DENSE_DAYS} (every real
   * feed); a hostile spread of dates moves them to the `sparse` map.
   */
  private refs: (number | undefined)[] = [];
  /** The value of each day in `refs`, at the same index: what the breaker fold reads most. */
  private values: (IndicatorValue | undefined)[] = [];
  private base = 0;
  private sparse: Map<number, number> | undefined;
  /**
   * Digest of each sequence number seen (the smaller of two), to notice equivocation. Built
   * from `docs` only when a document does not carry a new highest sequence: a feed read in
   * publication order never needs it.
   */
  private sequences: Map<number, string> | undefined;
  /** The highest sequence number seen (a feed's next document usually has a higher one). */
  private maxSequence = Number.NEGATIVE_INFINITY;
  private newest: VerifiedIndicators | undefined;
  /** Latest day holding a value. */
  lastDay = Number.NEGATIVE_INFINITY;
  /** The time zone of the newest document (dates are counted there). */
  timeZone = 'UTC';
  /** The latest publication instant (`issuedAt`) among the documents merged. */
  publishedAt = Number.NEGATIVE_INFINITY;
  /**
   * Counts the writes that may change a value already read: every write except a new day past
   * {@link lastDay}. Unchanged, every window that ended on a day holding a value still holds
   * the same values (see `WindowSum`).
   */
  revision = 0;

  /** The series' key (see {@link seriesKey}). */
  readonly key: string;

  constructor(
    readonly country: string,
    readonly indicator: string,
    readonly lane?: string,
  ) {
    this.key = seriesKey(country, indicator, lane);
  }

  /** The value for a `YYYY-MM-DD` date, if one was published. */
  valueOn(date: string): IndicatorValue | undefined {
    const day = dayNumber(date);
    return day === undefined ? undefined : this.valueAt(day);
  }

  /** The value for a day number (see `calendar.ts`). */
  valueAt(day: number): IndicatorValue | undefined {
    if (this.sparse === undefined) return this.values[day - this.base];
    const ref = this.sparse.get(day);
    if (ref === undefined) return undefined;
    return this.docs[Math.floor(ref / POINT_SLOTS)]!.document.points[ref % POINT_SLOTS]!.value;
  }

  /** The value for a day number and the document it came from. */
  entry(day: number): SeriesEntry | undefined {
    const ref = this.refAt(day);
    if (ref === undefined) return undefined;
    const v = this.docs[Math.floor(ref / POINT_SLOTS)]!;
    return {
      value: v.document.points[ref % POINT_SLOTS]!.value,
      sequence: v.document.sequence,
      digest: v.digest,
    };
  }

  /** The dates holding a value, in order. */
  dates(): string[] {
    if (this.sparse) return [...this.sparse.keys()].sort((a, b) => a - b).map(calendarDate);
    const out: string[] = [];
    this.refs.forEach((ref, i) => {
      if (ref !== undefined) out.push(calendarDate(this.base + i));
    });
    return out;
  }

  /**
   * Merges one verified document (of this series) into the values; returns the conflict when
   * it repeats a sequence number with different content. Order-independent by construction.
   */
  apply(v: VerifiedIndicators): SequenceConflict | undefined {
    const doc = v.document;
    if (doc.issuedAt > this.publishedAt) this.publishedAt = doc.issuedAt;
    // A new highest sequence (a feed in publication order) wins every day it names and
    // supersedes the newest, with nothing to compare.
    const highest = doc.sequence > this.maxSequence;
    let conflict: SequenceConflict | undefined;
    if (highest) {
      this.maxSequence = doc.sequence;
      this.sequences?.set(doc.sequence, v.digest);
    } else {
      this.sequences ??= this.seenSequences();
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
    }
    if (highest || !this.newest || wins(v, this.newest)) {
      this.newest = v;
      this.timeZone = doc.timeZone;
    }
    const index = this.docs.length;
    this.docs.push(v);
    const points = doc.points;
    const days = pointDays(v);
    for (let i = 0; i < points.length; i++) {
      const day = days[i]!;
      const value = points[i]!.value;
      if (!highest) {
        const current = this.refAt(day);
        if (current !== undefined && !wins(v, this.docs[Math.floor(current / POINT_SLOTS)]!))
          continue;
      } else if (
        this.sparse === undefined &&
        day === this.base + this.refs.length &&
        day > this.lastDay &&
        this.refs.length < DENSE_DAYS
      ) {
        // The day after the newest (a daily feed): appended, nothing rewritten.
        this.refs.push(index * POINT_SLOTS + i);
        this.values.push(value);
        this.lastDay = day;
        continue;
      }
      this.setRef(day, index * POINT_SLOTS + i, value);
      if (day > this.lastDay) this.lastDay = day;
    }
    return conflict;
  }

  /** The sequence map of the documents merged so far (the smaller digest of a repeated one). */
  private seenSequences(): Map<number, string> {
    const map = new Map<number, string>();
    for (const d of this.docs) {
      const seen = map.get(d.document.sequence);
      if (seen === undefined || d.digest < seen) map.set(d.document.sequence, d.digest);
    }
    return map;
  }

  private refAt(day: number): number | undefined {
    return this.sparse === undefined ? this.refs[day - this.base] : this.sparse.get(day);
  }

  private setRef(day: number, ref: number, value: IndicatorValue): void {
    if (day <= this.lastDay) this.revision++;
    if (this.sparse === undefined) {
      if (this.refs.length === 0) this.base = day;
      else if (day < this.base) {
        if (this.base + this.refs.length - day <= DENSE_DAYS) {
          // Days before the first one: move the window's start back.
          const gap = new Array<undefined>(this.base - day).fill(undefined);
          this.refs = [...gap, ...this.refs];
          this.values = [...gap, ...this.values];
          this.base = day;
        } else this.toSparse();
      } else if (day - this.base >= DENSE_DAYS) this.toSparse();
    }
    if (this.sparse !== undefined) {
      this.sparse.set(day, ref);
      return;
    }
    const i = day - this.base;
    // Filled in order, so the arrays stay packed (no holes) for the engine.
    while (this.refs.length < i) {
      this.refs.push(undefined);
      this.values.push(undefined);
    }
    this.refs[i] = ref;
    this.values[i] = value;
  }

  private toSparse(): void {
    const map = new Map<number, number>();
    this.refs.forEach((ref, i) => {
      if (ref !== undefined) map.set(this.base + i, ref);
    });
    this.sparse = map;
    this.refs = [];
    this.values = [];
  }
}

/** Widest span of days a series keeps in arrays (ten years; a document holds at most three). */
export const DENSE_DAYS = 3660;

/** The day numbers of a document's points: as the reader computed them, or parsed. */
export function pointDays(v: VerifiedIndicators): ArrayLike<number> {
  const points = v.document.points;
  if (v.days && v.days.length === points.length) return v.days;
  const days = new Array<number>(points.length);
  for (let i = 0; i < points.length; i++) days[i] = dayOfCheckedDate(points[i]!.date);
  return days;
}

/** Room for every point index of a document in a packed reference. */
const POINT_SLOTS = MAX_POINTS + 1;

/** Whether document `a` supersedes `b`: a higher sequence, or the same and a smaller digest. */
function wins(a: VerifiedIndicators, b: VerifiedIndicators): boolean {
  const sa = a.document.sequence;
  const sb = b.document.sequence;
  return sa > sb || (sa === sb && a.digest < b.digest);
}

/** Series a set compares names with before it looks them up in its maps. */
const FEW_SERIES = 8;

/** Every series of a set of documents, with the equivocations found among them. */
export class IndicatorSeriesSet {
  /** By country, indicator and lane (`''` for national figures): no key is built per lookup. */
  private readonly tree = new Map<string, Map<string, Map<string, IndicatorSeries>>>();
  private readonly series = new Map<string, IndicatorSeries>();
  private readonly digests = new Set<string>();
  /** Every series while there are at most {@link FEW_SERIES}, in the order they appeared. */
  private few: IndicatorSeries[] | undefined = [];
  readonly conflicts: SequenceConflict[] = [];

  /** The series of `indicator` published by `country` (for `lane`, for a lane's own figures). */
  get(country: string, indicator: string, lane?: string): IndicatorSeries | undefined {
    return this.tree
      .get(country)
      ?.get(indicator)
      ?.get(lane ?? '');
  }

  /** The series of a {@link seriesKey}. */
  byKey(key: string): IndicatorSeries | undefined {
    return this.series.get(key);
  }

  /** All series, by key order. */
  all(): IndicatorSeries[] {
    return [...this.series.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, s]) => s);
  }

  /** Adds a document (once; a repeated document is ignored); returns the series it changed. */
  add(v: VerifiedIndicators): IndicatorSeries | undefined {
    if (this.digests.has(v.digest)) return undefined;
    this.digests.add(v.digest);
    return this.addNew(v);
  }

  /**
   * {@link add} for a caller that already knows the document is new (the breaker fold replays
   * documents in canonical order, where a repeated document sits next to its twin).
   */
  addNew(v: VerifiedIndicators): IndicatorSeries {
    const d = v.document;
    // A lane has a handful of series, and `readIndicators` gives the names of one series one
    // string each: comparing them beats three map lookups per document.
    const few = this.few;
    if (few !== undefined) {
      for (let i = 0; i < few.length; i++) {
        const s = few[i]!;
        if (s.country === d.country && s.indicator === d.indicator && s.lane === d.lane) {
          const conflict = s.apply(v);
          if (conflict) this.conflicts.push(conflict);
          return s;
        }
      }
    }
    let byIndicator = this.tree.get(d.country);
    if (!byIndicator) {
      byIndicator = new Map();
      this.tree.set(d.country, byIndicator);
    }
    let byLane = byIndicator.get(d.indicator);
    if (!byLane) {
      byLane = new Map();
      byIndicator.set(d.indicator, byLane);
    }
    let s = byLane.get(d.lane ?? '');
    if (!s) {
      s = new IndicatorSeries(d.country, d.indicator, d.lane);
      byLane.set(d.lane ?? '', s);
      this.series.set(s.key, s);
      if (few !== undefined) {
        if (few.length < FEW_SERIES) few.push(s);
        else this.few = undefined;
      }
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
export function canonicalOrder(
  documents: readonly VerifiedIndicators[],
): readonly VerifiedIndicators[] {
  return canonicalList(documents).documents;
}

/**
 * {@link canonicalOrder}, and whether no document is there twice (`distinct`): then the
 * documents were given strictly in canonical order, and nobody needs to look for twins.
 */
export function canonicalList(documents: readonly VerifiedIndicators[]): {
  documents: readonly VerifiedIndicators[];
  distinct: boolean;
} {
  // Documents kept in publication order (as a node stores them) need no sorting, nor a copy.
  let order = -1;
  for (let i = 1; i < documents.length && order <= 0; i++) {
    const c = canonicalCompare(documents[i - 1]!, documents[i]!);
    if (c > order) order = c;
  }
  return order <= 0
    ? { documents, distinct: order < 0 }
    : { documents: [...documents].sort(canonicalCompare), distinct: false };
}

function canonicalCompare(a: VerifiedIndicators, b: VerifiedIndicators): number {
  return (
    a.document.issuedAt - b.document.issuedAt ||
    (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0)
  );
}
