import type { IndicatorValue } from './rational.js';
import type { VerifiedIndicators } from './read.js';
import {
  canonicalOrder,
  DENSE_DAYS,
  type IndicatorSeries,
  IndicatorSeriesSet,
  pointDays,
  type SequenceConflict,
} from './series.js';

/** What the breaker fold reads of one series at an instant: values, newest day, time zone. */
export interface SeriesAtInstant {
  /** The value of a day number as known at the instant, if one was published by then. */
  valueAt(day: number): IndicatorValue | undefined;
  /** Latest day holding a value. */
  readonly lastDay: number;
  /** The time zone of the newest document. */
  readonly timeZone: string;
}

/** The series known at an instant, by {@link seriesKey}. */
export interface SeriesLookup {
  byKey(key: string): SeriesAtInstant | undefined;
}

/** Group index meaning "never written". */
const NEVER = 0x7fffffff;

/** A later value of a day (a correction), from the instant group `group` on. */
interface Rewrite {
  group: number;
  value: IndicatorValue;
}

/**
 * How one series' values change over the publication instants of a document set: for each
 * day the group (index of the publication instant) of its first value and that value, and,
 * for the few days a correction rewrote, the later values. Immutable once built.
 */
class SeriesHistory {
  private base = 0;
  /** Dense form: by day from `base`, the group of the first value ({@link NEVER} if none). */
  private first: Int32Array = new Int32Array(0);
  private firstValue: (IndicatorValue | undefined)[] = [];
  /** Later values of rewritten days, in group order. */
  private rewrites: Map<number, Rewrite[]> | undefined;
  /** Sparse form (a hostile spread of dates): every value of every day, in group order. */
  private sparse: Map<number, Rewrite[]> | undefined;

  constructor(
    readonly key: string,
    days: readonly number[],
    groups: readonly number[],
    values: readonly IndicatorValue[],
  ) {
    if (days.length === 0) return;
    let lo = days[0]!;
    let hi = lo;
    for (const d of days) {
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    if (hi - lo >= DENSE_DAYS) {
      this.sparse = new Map();
      for (let i = 0; i < days.length; i++) later(this.sparse, days[i]!, groups[i]!, values[i]!);
      return;
    }
    this.base = lo;
    this.first = new Int32Array(hi - lo + 1).fill(NEVER);
    this.firstValue = new Array(hi - lo + 1).fill(undefined);
    for (let i = 0; i < days.length; i++) {
      const at = days[i]! - lo;
      if (this.first[at] === NEVER) {
        this.first[at] = groups[i]!;
        this.firstValue[at] = values[i];
        continue;
      }
      this.rewrites ??= new Map();
      later(this.rewrites, days[i]!, groups[i]!, values[i]!);
    }
  }

  /** The value of `day` once the groups up to `group` are merged. */
  valueAt(day: number, group: number): IndicatorValue | undefined {
    let value: IndicatorValue | undefined;
    let later: Rewrite[] | undefined;
    if (this.sparse === undefined) {
      const at = day - this.base;
      // Out of range reads `undefined`, which is not <= group.
      if (!(this.first[at]! <= group)) return undefined;
      value = this.firstValue[at];
      if (this.rewrites === undefined) return value;
      later = this.rewrites.get(day);
    } else later = this.sparse.get(day);
    if (later !== undefined)
      for (const w of later) {
        if (w.group > group) break;
        value = w.value;
      }
    return value;
  }
}

function later(map: Map<number, Rewrite[]>, day: number, group: number, value: IndicatorValue) {
  const list = map.get(day);
  if (list) list.push({ group, value });
  else map.set(day, [{ group, value }]);
}

/** A series as the fold sees it after a given publication group (one per evaluation). */
class SeriesView implements SeriesAtInstant {
  lastDay = Number.NEGATIVE_INFINITY;
  timeZone = 'UTC';
  constructor(
    private readonly history: SeriesHistory,
    private readonly cursor: ReplayCursor,
  ) {}

  valueAt(day: number): IndicatorValue | undefined {
    return this.history.valueAt(day, this.cursor.group);
  }
}

/**
 * One walk through an {@link IndicatorReplay}, publication group by group, for one
 * evaluation: the series known so far and their values at the current group.
 */
export class ReplayCursor implements SeriesLookup {
  /** The last group merged (`-1`: none yet). */
  group = -1;
  private readonly views = new Map<string, SeriesView>();
  private readonly all: (SeriesView | undefined)[];

  constructor(private readonly replay: IndicatorReplay) {
    this.all = new Array(replay.series.length).fill(undefined);
  }

  /** Merges the documents of group `g` (the next one). */
  apply(g: number): void {
    this.group = g;
    const r = this.replay;
    for (let u = r.updateStart[g]!; u < r.updateStart[g + 1]!; u++) {
      const s = r.updateSeries[u]!;
      let view = this.all[s];
      if (view === undefined) {
        const history = r.series[s]!;
        view = new SeriesView(history, this);
        this.all[s] = view;
        this.views.set(history.key, view);
      }
      view.lastDay = r.updateLastDay[u]!;
      view.timeZone = r.updateTimeZone[u]!;
    }
  }

  byKey(key: string): SeriesAtInstant | undefined {
    return this.views.get(key);
  }

  /** The equivocations among the documents merged so far, in the order they were found. */
  conflicts(): SequenceConflict[] {
    return this.group < 0
      ? []
      : this.replay.conflicts.slice(0, this.replay.conflictCount[this.group]);
  }
}

/**
 * A document set replayed once in canonical order (publication instant, then digest), with
 * the effect of each publication instant recorded: which series it touched, their newest day
 * and time zone afterwards, each day's value from then on, and the equivocations found. The
 * breaker fold walks it instead of merging the documents again at every evaluation, and reads
 * exactly what the merge gives ({@link IndicatorSeriesSet} builds it).
 */
export class IndicatorReplay {
  /** The distinct publication instants, ascending (one group of documents each). */
  readonly instants: number[] = [];
  /** By group: the keys of the series its documents touched. */
  readonly changed: ReadonlySet<string>[] = [];
  readonly series: SeriesHistory[] = [];
  /** By group: where its series updates start in the `update*` arrays (one more at the end). */
  readonly updateStart: number[] = [0];
  readonly updateSeries: number[] = [];
  readonly updateLastDay: number[] = [];
  readonly updateTimeZone: string[] = [];
  /** Every equivocation, in the order the merge found it (frozen). */
  readonly conflicts: readonly SequenceConflict[];
  /** By group: how many of `conflicts` were found up to and including it. */
  readonly conflictCount: number[] = [];

  constructor(documents: readonly VerifiedIndicators[]) {
    const docs = canonicalOrder(documents);
    const set = new IndicatorSeriesSet();
    const index = new Map<IndicatorSeries, number>();
    const writes: { days: number[]; groups: number[]; values: IndicatorValue[] }[] = [];
    const touched: IndicatorSeries[] = [];
    const keys: string[] = [];
    for (let i = 0; i < docs.length; ) {
      const t = docs[i]!.document.issuedAt;
      const g = this.instants.length;
      this.instants.push(t);
      touched.length = 0;
      for (; i < docs.length && docs[i]!.document.issuedAt === t; i++) {
        const v = docs[i]!;
        // Canonical order puts a repeated document right after its twin.
        if (i > 0 && v.digest === docs[i - 1]!.digest) continue;
        const s = set.addNew(v);
        let n = index.get(s);
        if (n === undefined) {
          n = writes.length;
          index.set(s, n);
          writes.push({ days: [], groups: [], values: [] });
          keys.push(s.key);
        }
        if (!touched.includes(s)) touched.push(s);
        const w = writes[n]!;
        const points = v.document.points;
        const days = pointDays(v);
        for (let p = 0; p < points.length; p++) {
          const day = days[p]!;
          // The point's own value object when it won; the same number when an equal one
          // stayed: either way the day's value from this group on.
          const now = s.valueAt(day);
          if (now === points[p]!.value) {
            w.days.push(day);
            w.groups.push(g);
            w.values.push(now);
          }
        }
      }
      for (const s of touched) {
        this.updateSeries.push(index.get(s)!);
        this.updateLastDay.push(s.lastDay);
        this.updateTimeZone.push(s.timeZone);
      }
      this.updateStart.push(this.updateSeries.length);
      this.changed.push(new Set(touched.map((s) => s.key)));
      this.conflictCount.push(set.conflicts.length);
    }
    for (let n = 0; n < writes.length; n++) {
      const w = writes[n]!;
      this.series.push(new SeriesHistory(keys[n]!, w.days, w.groups, w.values));
    }
    for (const c of set.conflicts) {
      Object.freeze(c.digests);
      Object.freeze(c);
    }
    this.conflicts = set.conflicts;
  }

  /** A fresh walk from before the first publication. */
  cursor(): ReplayCursor {
    return new ReplayCursor(this);
  }
}

/** Replays by document list, with the documents they were built from. */
const replays = new WeakMap<
  readonly VerifiedIndicators[],
  { items: readonly VerifiedIndicators[]; replay: IndicatorReplay }
>();

/**
 * The {@link IndicatorReplay} of a document list, remembered per list: a verifier loads a
 * bundle once and evaluates it many times. The answer is a pure function of the documents;
 * the list is compared element by element on every call (a changed list is replayed again),
 * and only lists of frozen documents, as {@link readIndicators} returns them, are remembered,
 * so nothing a remembered replay was built from can change under it.
 */
export function indicatorReplay(documents: readonly VerifiedIndicators[]): IndicatorReplay {
  const hit = replays.get(documents);
  if (hit !== undefined && sameItems(hit.items, documents)) return hit.replay;
  const replay = new IndicatorReplay(documents);
  if (documents.every(isFrozenDocument)) {
    replays.set(documents, { items: [...documents], replay });
  }
  return replay;
}

/** Whether nothing the replay reads of `v` can change any more. */
function isFrozenDocument(v: VerifiedIndicators): boolean {
  const points = v.document.points;
  if (!Object.isFrozen(v) || !Object.isFrozen(v.document) || !Object.isFrozen(points)) return false;
  if (v.days !== undefined && !Object.isFrozen(v.days)) return false;
  for (const p of points) {
    if (!Object.isFrozen(p) || (typeof p.value === 'object' && !Object.isFrozen(p.value)))
      return false;
  }
  return true;
}

function sameItems(a: readonly VerifiedIndicators[], b: readonly VerifiedIndicators[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
