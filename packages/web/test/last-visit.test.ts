import { encodeCbor } from '@corridor/core/cbor';
import { toBase64 } from '@corridor/core/lib';
import { MerkleLog, signTreeHead, type TreeHead } from '@corridor/core/transparency';
import { createAnchor } from '@corridor/server/gateway/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkSinceLastVisit,
  type HeadStore,
  lastVisitKey,
} from '../src/roles/operator/last-visit.js';

// The operator console's memory of the log between visits, without a browser: the first visit
// keeps the head, a later head must extend it by the gateway's consistency proof, a shrunken
// log and a rewritten history are refused with their codes and the kept head stays, a kept
// head that no longer verifies is replaced. (In Chromium against a real gateway: operator.test.ts.)

const NOW = new Date('2021-03-01T00:00:00Z');
const KEY = lastVisitKey('http://gateway.test', 'test-gateway');

/** A `Storage`-like map. */
function memoryStore(): HeadStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

describe("the console's kept tree head", () => {
  let anchor: Awaited<ReturnType<typeof createAnchor>>;
  let other: Awaited<ReturnType<typeof createAnchor>>;
  const log = new MerkleLog();
  for (let i = 0; i < 12; i++) log.appendLeaf(encodeCbor({ version: i + 1, object: `e${i}` }));
  const head = (size: number, root = log.root(size)): TreeHead => ({
    logId: 'test-gateway',
    treeSize: size,
    rootHash: root,
    timestamp: 1000 + size,
  });
  const signed = (h: TreeHead, signer = anchor.signer) => signTreeHead(h, { signer });
  const proofs: [number, number][] = [];
  const proof = async (from: number, to: number) => {
    proofs.push([from, to]);
    return log.consistencyProof(from, to).map(toBase64);
  };
  const visit = async (store: HeadStore, h: TreeHead, bytes?: Uint8Array, p = proof) =>
    checkSinceLastVisit({
      store,
      key: KEY,
      anchors: [anchor.key],
      current: h,
      currentBytes: bytes ?? (await signed(h)),
      proof: p,
      now: NOW,
    });

  beforeAll(async () => {
    anchor = await createAnchor();
    other = await createAnchor();
  });

  it('keeps the first head, then verifies each later head extends it and keeps that', async () => {
    const store = memoryStore();
    expect(await visit(store, head(5))).toEqual({ state: 'first' });
    expect(JSON.parse(store.map.get(KEY)!)).toMatchObject({ seenAt: NOW.getTime() });
    proofs.length = 0;
    expect(await visit(store, head(9))).toEqual({
      state: 'checked',
      from: 5,
      to: 9,
      seenAt: NOW.getTime(),
      check: { ok: true },
    });
    expect(proofs).toEqual([[5, 9]]);
    // The same head again: no proof needed.
    expect(await visit(store, head(9))).toMatchObject({ from: 9, to: 9, check: { ok: true } });
    expect(proofs).toEqual([[5, 9]]);
  });

  it('refuses a smaller tree (TLOG_LOG_SHRANK) and keeps the larger head', async () => {
    const store = memoryStore();
    await visit(store, head(9));
    const kept = store.map.get(KEY);
    expect(await visit(store, head(6))).toMatchObject({
      from: 9,
      to: 6,
      check: { ok: false, code: 'TLOG_LOG_SHRANK', params: { from: 9, to: 6 } },
    });
    expect(store.map.get(KEY)).toBe(kept);
  });

  it('refuses a head that does not extend the kept one: a damaged proof, a fork of the same size', async () => {
    const store = memoryStore();
    await visit(store, head(7));
    const kept = store.map.get(KEY);
    const damaged = async (from: number, to: number) => {
      const hashes = log.consistencyProof(from, to);
      hashes[0]![0]! ^= 1;
      return hashes.map(toBase64);
    };
    expect(await visit(store, head(12), undefined, damaged)).toMatchObject({
      check: { ok: false, code: 'TLOG_PROOF_INVALID' },
    });
    expect(await visit(store, head(7, log.root(6)))).toMatchObject({
      check: { ok: false, code: 'TLOG_FORK_DETECTED' },
    });
    expect(store.map.get(KEY)).toBe(kept);
    // The honest head still extends what was kept.
    expect(await visit(store, head(12))).toMatchObject({ from: 7, check: { ok: true } });
  });

  it('replaces a kept head that no longer verifies with the anchor, and says so', async () => {
    const store = memoryStore();
    await visit(store, head(4), await signed(head(4), other.signer));
    expect(await visit(store, head(8))).toMatchObject({
      state: 'checked',
      to: 8,
      check: { ok: false, code: 'TLOG_REMEMBERED_HEAD_INVALID' },
    });
    expect(await visit(store, head(10))).toMatchObject({ from: 8, check: { ok: true } });
    // Something the console did not write is a first visit.
    const junk = memoryStore();
    junk.setItem(KEY, 'not json');
    expect(await visit(junk, head(3))).toEqual({ state: 'first' });
  });
});
