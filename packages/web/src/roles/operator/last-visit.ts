import type { CoseVerificationKey } from '@corridor/core/cose';
import { fromBase64, toBase64 } from '@corridor/core/lib';
import { type TreeHead, verifyTreeHead } from '@corridor/core/transparency';
import { type Check, checkConsistency } from './checks.js';

/**
 * The console's memory of the log between visits: the last signed tree head it verified for
 * a gateway, kept on this device (`localStorage`, one entry per gateway address and log id, the
 * signed bytes, re-verified with the anchor when read). On the next visit the new head must
 * extend it: a consistency proof from the remembered size to the new one, checked in the page.
 * A log that shrank or forked since is shown with a coded warning, and the remembered head is
 * kept (not replaced by the suspect one) until an operator looks into it.
 */

/** What `localStorage` holds per gateway. */
interface Stored {
  /** The signed tree head (COSE), base64. */
  head: string;
  /** When this device verified it (ms since the epoch, device clock). */
  seenAt: number;
}

/** The outcome shown under "since the last visit". */
export type LastVisit =
  /** Nothing remembered for this gateway: the current head is kept for the next visit. */
  | { state: 'first' }
  /**
   * The current head checked against the remembered one (`from` its size; absent when the
   * remembered head itself no longer verified).
   */
  | { state: 'checked'; from?: number; to: number; seenAt: number; check: Check };

const PREFIX = 'corridor.operator.head:';

/** The storage key for one gateway (its address) and log. */
export function lastVisitKey(base: string, logId: string): string {
  return `${PREFIX}${base}|${logId}`;
}

/** Where the console keeps it: the page's `localStorage` (a `Storage`-like object in tests). */
export type HeadStore = Pick<Storage, 'getItem' | 'setItem'>;

/** Proof fetcher: the gateway's consistency proof between two sizes, as base64 hashes. */
export type ConsistencyProof = (from: number, to: number) => Promise<string[]>;

/**
 * Checks the verified head `current` (signed bytes `currentBytes`) against the head this device
 * remembered for the gateway, and remembers `current` when it extends it (or nothing was kept,
 * or the kept one no longer verifies). Codes: `TLOG_LOG_SHRANK` (the new tree is smaller),
 * core's `TLOG_FORK_DETECTED` / `TLOG_PROOF_INVALID` (not an extension of the old tree),
 * `TLOG_REMEMBERED_HEAD_INVALID` (the kept head fails the anchor; replaced).
 */
export async function checkSinceLastVisit(options: {
  store: HeadStore | undefined;
  key: string;
  anchors: readonly CoseVerificationKey[];
  current: TreeHead;
  currentBytes: Uint8Array;
  proof: ConsistencyProof;
  now: Date;
}): Promise<LastVisit> {
  const { store, key, current } = options;
  const keep = () => {
    const value: Stored = { head: toBase64(options.currentBytes), seenAt: options.now.getTime() };
    try {
      store?.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or refused: the next visit will say it is a first visit.
    }
  };
  const stored = readStored(store, key);
  if (!stored) {
    keep();
    return { state: 'first' };
  }
  const bytes = safeBase64(stored.head);
  const remembered =
    bytes && (await verifyTreeHead(bytes, [...options.anchors], { logId: current.logId }));
  if (!remembered?.ok) {
    keep();
    return {
      state: 'checked',
      to: current.treeSize,
      seenAt: stored.seenAt,
      check: { ok: false, code: 'TLOG_REMEMBERED_HEAD_INVALID', params: { logId: current.logId } },
    };
  }
  const old = remembered.value;
  const base = { state: 'checked' as const, from: old.treeSize, to: current.treeSize };
  const seen = { seenAt: stored.seenAt };
  if (current.treeSize < old.treeSize)
    return {
      ...base,
      ...seen,
      check: {
        ok: false,
        code: 'TLOG_LOG_SHRANK',
        params: { logId: current.logId, from: old.treeSize, to: current.treeSize },
      },
    };
  const proof =
    old.treeSize === current.treeSize || old.treeSize === 0
      ? []
      : await options.proof(old.treeSize, current.treeSize);
  const check: Check = old.treeSize === 0 ? { ok: true } : checkConsistency(old, current, proof);
  if (check.ok) keep();
  return { ...base, ...seen, check };
}

function readStored(store: HeadStore | undefined, key: string): Stored | undefined {
  let raw: string | null | undefined;
  try {
    raw = store?.getItem(key);
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<Stored>;
    if (typeof v.head === 'string' && typeof v.seenAt === 'number')
      return { head: v.head, seenAt: v.seenAt };
  } catch {
    // A value this console did not write: treated as nothing kept.
  }
  return undefined;
}

function safeBase64(text: string): Uint8Array | undefined {
  try {
    return fromBase64(text);
  } catch {
    return undefined;
  }
}
