import type { IndicatorValue } from './rational.js';
import { isReadIndicators, type VerifiedIndicators } from './read.js';
import {
  canonicalList,
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
  /** The latest instant a document of the series was published (and merged) at. */
  readonly publishedAt: number;
  /** Changes when a value already readable may have changed (see `IndicatorSeries.revision`). */
  readonly revision: number;
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
  publishedAt = Number.NEGATIVE_INFINITY;
  revision = 0;
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
export class ReplayCursor implements IndicatorFeed {
  /** The last group merged (`-1`: none yet). */
  group = -1;
  private readonly views = new Map<string, SeriesView>();
  private readonly all: (SeriesView | undefined)[];

  constructor(private readonly replay: IndicatorReplay) {
    this.all = new Array(replay.series.length).fill(undefined);
  }

  next(): number {
    return this.replay.instants[this.group + 1] ?? Infinity;
  }

  take(_t: number): void {
    this.apply(this.group + 1);
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
      view.publishedAt = r.instants[g]!;
      view.revision = r.updateRevision[u]!;
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
  readonly series: SeriesHistory[] = [];
  /** By group: where its series updates start in the `update*` arrays (one more at the end). */
  readonly updateStart: number[] = [0];
  readonly updateSeries: number[] = [];
  readonly updateLastDay: number[] = [];
  readonly updateTimeZone: string[] = [];
  readonly updateRevision: number[] = [];
  /** Every equivocation, in the order the merge found it (frozen). */
  readonly conflicts: readonly SequenceConflict[];
  /** By group: how many of `conflicts` were found up to and including it. */
  readonly conflictCount: number[] = [];

  constructor(documents: readonly VerifiedIndicators[]) {
    const docs = canonicalOrder(documents);
    const set = new IndicatorSeriesSet();
    const index = new Map<string, number>();
    const writes: { days: number[]; groups: number[]; values: IndicatorValue[] }[] = [];
    const all: IndicatorSeries[] = [];
    /** By series index: the last group that touched it. */
    const lastGroup: number[] = [];
    const touched: number[] = [];
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
        let n = index.get(s.key);
        if (n === undefined) {
          n = all.length;
          index.set(s.key, n);
          all.push(s);
          lastGroup.push(-1);
          writes.push({ days: [], groups: [], values: [] });
        }
        if (lastGroup[n] !== g) {
          lastGroup[n] = g;
          touched.push(n);
        }
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
      for (const n of touched) {
        this.updateSeries.push(n);
        this.updateLastDay.push(all[n]!.lastDay);
        this.updateTimeZone.push(all[n]!.timeZone);
        this.updateRevision.push(all[n]!.revision);
      }
      this.updateStart.push(this.updateSeries.length);
      this.conflictCount.push(set.conflicts.length);
    }
    for (let n = 0; n < writes.length; n++) {
      const w = writes[n]!;
      this.series.push(new SeriesHistory(all[n]!.key, w.days, w.groups, w.values));
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

/**
 * The documents of one evaluation, instant by instant: the breaker fold asks for the next
 * publication instant, has the documents published then merged, and reads the series.
 */
export interface IndicatorFeed extends SeriesLookup {
  /** The next publication instant not merged yet, or `Infinity`. */
  next(): number;
  /**
   * Merges the documents published at `t` (= {@link next}); the series they touched then read
   * `publishedAt === t`.
   */
  take(t: number): void;
  /** The equivocations among the documents merged so far, in the order they were found. */
  conflicts(): SequenceConflict[];
}

/** A feed that merges the documents as it goes (a list seen for the first time). */
class MergingFeed implements IndicatorFeed {
  private readonly docs: readonly VerifiedIndicators[];
  /** No document is there twice (see `canonicalList`). */
  private readonly distinct: boolean;
  private readonly set = new IndicatorSeriesSet();
  private i = 0;

  constructor(documents: readonly VerifiedIndicators[]) {
    const list = canonicalList(documents);
    this.docs = list.documents;
    this.distinct = list.distinct;
  }

  next(): number {
    return this.i < this.docs.length ? this.docs[this.i]!.document.issuedAt : Infinity;
  }

  take(t: number): void {
    const docs = this.docs;
    let i = this.i;
    for (; i < docs.length && docs[i]!.document.issuedAt === t; i++) {
      // Canonical order puts a repeated document right after its twin.
      if (!this.distinct && i > 0 && docs[i]!.digest === docs[i - 1]!.digest) continue;
      this.set.addNew(docs[i]!);
    }
    this.i = i;
  }

  byKey(key: string): SeriesAtInstant | undefined {
    return this.set.byKey(key);
  }

  conflicts(): SequenceConflict[] {
    return this.set.conflicts;
  }
}

/** A list's documents when it was remembered, and its replay once built. */
interface Remembered {
  items: readonly VerifiedIndicators[];
  replay?: IndicatorReplay;
}

/** By document list: the lists evaluated more than once. */
const replays = new WeakMap<readonly VerifiedIndicators[], Remembered>();

/**
 * The last few lists evaluated for the first time (the list itself, no copy). A list is
 * remembered in {@link replays} only when it comes back: an entry there (a copy of the list,
 * held as long as the list lives) costs a first evaluation about a fifth of its time, mostly
 * in the garbage collector, and most lists a verifier is handed once are never seen again.
 */
const seenOnce: (readonly VerifiedIndicators[] | undefined)[] = [
  undefined,
  undefined,
  undefined,
  undefined,
];
let seenNext = 0;

/** The entry of a list remembered with these very items; `undefined` otherwise. */
function rememberedEntry(documents: readonly VerifiedIndicators[]): Remembered | undefined {
  const hit = replays.get(documents);
  return hit !== undefined && sameItems(hit.items, documents) ? hit : undefined;
}

/** A new entry for the list as it is now (a changed list starts again). */
function remember(documents: readonly VerifiedIndicators[]): Remembered {
  const entry: Remembered = { items: [...documents] };
  replays.set(documents, entry);
  return entry;
}

/** Whether the list was among the last lists evaluated once; it is noted if not. */
function seenBefore(documents: readonly VerifiedIndicators[]): boolean {
  const at = seenOnce.indexOf(documents);
  if (at >= 0) {
    seenOnce[at] = undefined;
    return true;
  }
  seenOnce[seenNext] = documents;
  seenNext = (seenNext + 1) % seenOnce.length;
  return false;
}

/**
 * The entry's replay, built and remembered when its documents are frozen (as
 * {@link readIndicators} returns them), so that nothing a remembered replay was built from can
 * change under it; `undefined` otherwise.
 */
function rememberedReplay(
  entry: Remembered,
  documents: readonly VerifiedIndicators[],
): IndicatorReplay | undefined {
  if (entry.replay === undefined && documents.every(isFrozenDocument)) {
    entry.replay = new IndicatorReplay(documents);
  }
  return entry.replay;
}

/**
 * The {@link IndicatorReplay} of a document list, remembered per list: a verifier loads a
 * bundle once and evaluates it many times. A pure function of the documents.
 */
export function indicatorReplay(documents: readonly VerifiedIndicators[]): IndicatorReplay {
  const entry = rememberedEntry(documents) ?? remember(documents);
  return rememberedReplay(entry, documents) ?? new IndicatorReplay(documents);
}

/**
 * The documents of a list for one evaluation of the breaker fold. The first time a list is
 * seen they are merged as the fold goes (what replaying them once costs anyway) and nothing
 * is kept but the list among the last few seen; from the second evaluation of the same
 * unchanged list of frozen documents on (the second while it is still among them), the fold
 * walks its remembered {@link IndicatorReplay} and merges nothing. Either way the fold reads
 * the same.
 */
export function indicatorFeed(documents: readonly VerifiedIndicators[]): IndicatorFeed {
  let entry = rememberedEntry(documents);
  if (entry === undefined) {
    if (!seenBefore(documents)) return new MergingFeed(documents);
    entry = remember(documents);
  }
  const replay = rememberedReplay(entry, documents);
  return replay === undefined ? new MergingFeed(documents) : replay.cursor();
}

/** Whether nothing the replay reads of `v` can change any more. */
function isFrozenDocument(v: VerifiedIndicators): boolean {
  if (isReadIndicators(v)) return true;
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
