import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../cbor/encode.js';
import { makeFinding } from '../report/catalog.js';
import { LANGS } from '../report/finding.js';
import { FINDINGS } from '../report/tables.js';
import { TRANSPARENCY_FINDINGS } from './findings.js';
import { leafHash } from './hash.js';
import { MerkleLog } from './log.js';
import { signTreeHead, type TreeHead, verifyTreeHead } from './tree-head.js';
import { checkInclusion, checkViews } from './views.js';

const LOG_ID = 'corridor-gateway';
/** 2024-05-01T00:00:00Z, pinned. */
const T0 = Date.UTC(2024, 4, 1);

const change = (i: number, variant = '') =>
  encodeCbor({ op: 'dsc-added', country: i % 2 ? 'CN' : 'KR', kid: `kid-${i}${variant}` });

function logOf(n: number, rewriteAt = -1): MerkleLog {
  const log = new MerkleLog();
  for (let i = 0; i < n; i++) log.appendLeaf(change(i, i === rewriteAt ? '-forged' : ''));
  return log;
}

function headOf(log: MerkleLog, treeSize = log.size, timestamp = T0): TreeHead {
  return { logId: LOG_ID, treeSize, rootHash: log.root(treeSize), timestamp };
}

describe('checkViews: consistent views of one log', () => {
  it('accepts a head that extends the pinned one, in either argument order', () => {
    const log = logOf(50);
    const older = headOf(log, 20);
    const newer = headOf(log, 50, T0 + 60_000);
    const proof = log.consistencyProof(20, 50);
    expect(checkViews(older, newer, proof)).toEqual({
      ok: true,
      value: { relation: 'extends', older, newer },
    });
    expect(checkViews(newer, older, proof)).toMatchObject({ ok: true, value: { older, newer } });
  });

  it('accepts the same tree signed at two times, and the empty tree before anything', () => {
    const log = logOf(9);
    expect(checkViews(headOf(log, 9, T0), headOf(log, 9, T0 + 1))).toMatchObject({
      ok: true,
      value: { relation: 'same' },
    });
    expect(checkViews(headOf(log, 0), headOf(log, 9), [])).toMatchObject({
      ok: true,
      value: { relation: 'extends' },
    });
  });

  it('accepts every honest pair of sizes with the log’s proof', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 200 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))),
        ([n, m]) => {
          const log = logOf(n);
          const r = checkViews(headOf(log, m), headOf(log), log.consistencyProof(m));
          expect(r.ok).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses to compare heads of different logs', () => {
    const log = logOf(3);
    expect(checkViews(headOf(log), { ...headOf(log), logId: 'elsewhere' })).toEqual({
      ok: false,
      code: 'TLOG_LOG_MISMATCH',
      params: { expected: LOG_ID, actual: 'elsewhere' },
    });
  });
});

describe('checkViews: fork detection', () => {
  it('reports a fork when two heads of the same size have different roots', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 200 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))),
        ([n, at]) => {
          // The gateway shows participant A the honest log and participant B a log in which
          // entry `at` differs; both heads have size n.
          const a = headOf(logOf(n));
          const b = headOf(logOf(n, at), n, T0 + 1);
          const r = checkViews(a, b);
          expect(r).toMatchObject({ ok: false, code: 'TLOG_FORK_DETECTED' });
          if (!r.ok) expect(r.params).toMatchObject({ logId: LOG_ID, size: n });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reports an invalid proof when the newer head rewrote history before the pinned size', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 200 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n - 1 }))),
        fc.nat(),
        ([n, m], pick) => {
          const pinned = headOf(logOf(n), m);
          const rewritten = logOf(n, pick % m);
          // The best the rewritten log can do: its own proof, or the honest log's proof.
          for (const proof of [rewritten.consistencyProof(m), logOf(n).consistencyProof(m)]) {
            expect(checkViews(pinned, headOf(rewritten), proof)).toEqual({
              ok: false,
              code: 'TLOG_PROOF_INVALID',
              params: { logId: LOG_ID, oldSize: m, newSize: n },
            });
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reports an invalid proof when the proof is missing, truncated or tampered', () => {
    const log = logOf(100);
    const older = headOf(log, 37);
    const newer = headOf(log);
    const proof = log.consistencyProof(37);
    const tampered = proof.map((p, i) => (i === 1 ? p.map((x) => x ^ 0x80) : p));
    for (const bad of [[], proof.slice(1), proof.slice(0, -1), tampered, [...proof, proof[0]!]]) {
      expect(checkViews(older, newer, bad)).toMatchObject({ code: 'TLOG_PROOF_INVALID' });
    }
  });

  it('detects a fork end to end from signed heads', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const kid = Uint8Array.of(9, 9);
    const signer = { alg: 'ES256' as const, privateKey: pair.privateKey, kid };
    const keys = [{ alg: 'ES256' as const, kid, key: pair.publicKey }];
    const honest = logOf(64);
    const forked = logOf(64, 10);
    const sthA = await signTreeHead(headOf(honest), { signer });
    const sthB = await signTreeHead(headOf(forked, 64, T0 + 5), { signer });
    const a = await verifyTreeHead(sthA, keys, { logId: LOG_ID });
    const b = await verifyTreeHead(sthB, keys, { logId: LOG_ID });
    if (!a.ok || !b.ok) throw new Error('signed heads should verify');
    expect(checkViews(a.value, b.value)).toMatchObject({ code: 'TLOG_FORK_DETECTED' });
  });
});

describe('checkInclusion', () => {
  it('accepts an entry with the log’s proof and refuses anything else', () => {
    const log = logOf(30);
    const head = headOf(log);
    const entry = leafHash(change(12));
    expect(checkInclusion(head, entry, 12, log.inclusionProof(12))).toEqual({
      ok: true,
      value: head,
    });
    expect(checkInclusion(head, leafHash(change(12, '-x')), 12, log.inclusionProof(12))).toEqual({
      ok: false,
      code: 'TLOG_INCLUSION_INVALID',
      params: { logId: LOG_ID, index: 12, treeSize: 30 },
    });
    expect(checkInclusion(head, entry, 13, log.inclusionProof(13))).toMatchObject({ ok: false });
    expect(checkInclusion(head, entry, 12, log.inclusionProof(12, 29))).toMatchObject({
      ok: false,
    });
  });
});

describe('transparency findings', () => {
  it('are in the catalog with the same placeholders in every language', () => {
    for (const [code, def] of Object.entries(TRANSPARENCY_FINDINGS)) {
      expect(FINDINGS[code as keyof typeof FINDINGS]).toBe(def);
      expect(def.layer).toBe('trust');
      const placeholders = (text: string) =>
        [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const lang of LANGS) {
        expect(placeholders(def.messages[lang]), `${code} ${lang}`).toEqual(
          placeholders(def.messages.en),
        );
      }
    }
  });

  it('render the parameters checkViews reports', () => {
    const log = logOf(4);
    const r = checkViews(headOf(log), headOf(logOf(4, 1)));
    if (r.ok) throw new Error('expected a fork');
    const finding = makeFinding(r.code, 'ko', r.params);
    expect(finding).toMatchObject({
      code: 'TLOG_FORK_DETECTED',
      layer: 'trust',
      severity: 'error',
    });
    expect(finding.message).toContain('"corridor-gateway"');
    expect(finding.message).toContain('4');
    expect(finding.message).not.toMatch(/\{\w+\}/);
  });
});
