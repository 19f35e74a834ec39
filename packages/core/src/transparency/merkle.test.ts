import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../lib/bytes.js';
import { EMPTY_ROOT, leafHash, merkleTreeHash, nodeHash } from './hash.js';
import { MerkleLog } from './log.js';
import { consistencyProof, inclusionProof, verifyConsistency, verifyInclusion } from './proofs.js';

// ---- An independent reference: RFC 9162 §2.1 written out recursively, over node:crypto. ----

const H = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const refLeaf = (d: Uint8Array) => H(Uint8Array.of(0), d);
const refNode = (l: Uint8Array, r: Uint8Array) => H(Uint8Array.of(1), l, r);
const refK = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
/** MTH(D[n]) of RFC 9162 §2.1.1 over leaf hashes. */
function refMth(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return H();
  if (d.length === 1) return d[0]!;
  const k = refK(d.length);
  return refNode(refMth(d.slice(0, k)), refMth(d.slice(k)));
}
/** PATH(m, D[n]) of RFC 9162 §2.1.3.1. */
function refPath(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return [];
  const k = refK(d.length);
  return m < k
    ? [...refPath(m, d.slice(0, k)), refMth(d.slice(k))]
    : [...refPath(m - k, d.slice(k)), refMth(d.slice(0, k))];
}
/** SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1. */
function refSubproof(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [refMth(d)];
  const k = refK(d.length);
  return m <= k
    ? [...refSubproof(m, d.slice(0, k), b), refMth(d.slice(k))]
    : [...refSubproof(m - k, d.slice(k), false), refMth(d.slice(0, k))];
}

/** `n` distinct leaf hashes derived from `seed`. */
function leaves(n: number, seed = 0): Uint8Array[] {
  return Array.from({ length: n }, (_, i) =>
    refLeaf(Uint8Array.of(seed & 0xff, seed >> 8, i & 0xff, i >> 8)),
  );
}
const hexes = (hs: readonly Uint8Array[]) => hs.map(toHex);
const flip = (h: Uint8Array, bit = 0) => {
  const c = h.slice();
  c[(bit >> 3) % 32]! ^= 1 << (bit & 7);
  return c;
};

// ---- Certificate Transparency's reference tree (RFC 6962 test data). ----

const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(fromHex);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    index: 2,
    size: 3,
    proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'],
  },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  { index: 0, size: 1, proof: [] },
];
const CT_CONSISTENCY = [
  { from: 1, to: 1, proof: [] },
  {
    from: 1,
    to: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    from: 6,
    to: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    from: 2,
    to: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

describe('Merkle tree hashing (RFC 9162 §2.1.1)', () => {
  it('hashes leaves with 0x00 and nodes with 0x01, like the reference', () => {
    const a = Uint8Array.of(1, 2, 3);
    expect(toHex(leafHash(a))).toBe(toHex(refLeaf(a)));
    const [l, r] = leaves(2);
    expect(toHex(nodeHash(l!, r!))).toBe(toHex(refNode(l!, r!)));
    expect(toHex(EMPTY_ROOT)).toBe(toHex(H()));
  });

  it('reproduces the Certificate Transparency reference roots for sizes 0..8', () => {
    const hashes = CT_LEAVES.map(leafHash);
    const log = new MerkleLog();
    expect(toHex(log.root())).toBe(CT_ROOTS[0]);
    for (let n = 0; n <= 8; n++) {
      expect(toHex(merkleTreeHash(hashes, n)), `size ${n}`).toBe(CT_ROOTS[n]);
      if (n > 0) {
        log.appendLeaf(CT_LEAVES[n - 1]!);
        expect(toHex(log.root()), `log size ${n}`).toBe(CT_ROOTS[n]);
      }
    }
    for (let n = 0; n <= 8; n++) expect(toHex(log.root(n)), `log root(${n})`).toBe(CT_ROOTS[n]);
  });

  it('reproduces and accepts the reference inclusion proofs', () => {
    const hashes = CT_LEAVES.map(leafHash);
    const log = new MerkleLog(hashes);
    for (const v of CT_INCLUSION) {
      expect(hexes(inclusionProof(hashes, v.index, v.size))).toEqual(v.proof);
      expect(hexes(log.inclusionProof(v.index, v.size))).toEqual(v.proof);
      const root = fromHex(CT_ROOTS[v.size]!);
      expect(verifyInclusion(hashes[v.index]!, v.index, v.size, v.proof.map(fromHex), root)).toBe(
        true,
      );
    }
  });

  it('reproduces and accepts the reference consistency proofs', () => {
    const hashes = CT_LEAVES.map(leafHash);
    const log = new MerkleLog(hashes);
    for (const v of CT_CONSISTENCY) {
      expect(hexes(consistencyProof(hashes, v.from, v.to))).toEqual(v.proof);
      expect(hexes(log.consistencyProof(v.from, v.to))).toEqual(v.proof);
      const ok = verifyConsistency(
        v.from,
        v.to,
        fromHex(CT_ROOTS[v.from]!),
        fromHex(CT_ROOTS[v.to]!),
        v.proof.map(fromHex),
      );
      expect(ok, `${v.from} → ${v.to}`).toBe(true);
    }
  });

  it('computes the same roots as the recursive reference for every size up to 300', () => {
    const d = leaves(300, 7);
    const log = new MerkleLog();
    for (let n = 1; n <= 300; n++) {
      log.append(d[n - 1]!);
      const expected = toHex(refMth(d.slice(0, n)));
      expect(toHex(merkleTreeHash(d, n))).toBe(expected);
      expect(toHex(log.root())).toBe(expected);
    }
    for (let n = 0; n <= 300; n++) expect(toHex(log.root(n))).toBe(toHex(refMth(d.slice(0, n))));
  });

  it('builds the same proofs as the recursive reference definitions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), fc.nat(), (n, seed, pick) => {
        const d = leaves(n, seed % 65536);
        const log = new MerkleLog(d);
        const i = pick % n;
        const path = hexes(refPath(i, d));
        expect(hexes(inclusionProof(d, i, n))).toEqual(path);
        expect(hexes(log.inclusionProof(i))).toEqual(path);
        const m = (pick % n) + 1;
        const sub = m === n ? [] : hexes(refSubproof(m, d, true));
        expect(hexes(consistencyProof(d, m, n))).toEqual(sub);
        expect(hexes(log.consistencyProof(m))).toEqual(sub);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses out-of-range sizes and indexes as programming errors', () => {
    const d = leaves(4);
    const log = new MerkleLog(d);
    expect(() => merkleTreeHash(d, 5)).toThrow(RangeError);
    expect(() => inclusionProof(d, 4, 4)).toThrow(RangeError);
    expect(() => inclusionProof(d, 0, 0)).toThrow(RangeError);
    expect(() => consistencyProof(d, 3, 2)).toThrow(RangeError);
    expect(() => log.root(5)).toThrow(RangeError);
    expect(() => log.inclusionProof(-1)).toThrow(RangeError);
    expect(() => log.consistencyProof(1, 5)).toThrow(RangeError);
    expect(() => log.leafHashAt(4)).toThrow(RangeError);
    expect(() => log.append(new Uint8Array(31))).toThrow(TypeError);
  });

  it('hands out copies, so callers cannot corrupt the log', () => {
    const d = leaves(8);
    const log = new MerkleLog(d);
    const root = toHex(log.root());
    log.root().fill(0);
    log.inclusionProof(3)[0]!.fill(0);
    log.leafHashAt(0).fill(0);
    d[0]!.fill(0); // the caller's own array after appending
    expect(toHex(log.root())).toBe(root);
  });
});

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  it('verify for every index of random trees of size 1..200, and fail for a wrong index, leaf, root or path', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(65535), fc.nat(255), (n, seed, bit) => {
        const d = leaves(n, seed);
        const log = new MerkleLog(d);
        const root = log.root();
        for (let i = 0; i < n; i++) {
          const proof = log.inclusionProof(i);
          expect(verifyInclusion(d[i]!, i, n, proof, root)).toBe(true);
          expect(verifyInclusion(flip(d[i]!, bit), i, n, proof, root)).toBe(false);
          expect(verifyInclusion(d[i]!, i, n, proof, flip(root, bit))).toBe(false);
          expect(verifyInclusion(d[(i + 1) % n]!, i, n, proof, root)).toBe(n === 1);
          if (n > 1) expect(verifyInclusion(d[i]!, (i + 1) % n, n, proof, root)).toBe(false);
          expect(verifyInclusion(d[i]!, i + n, n, proof, root)).toBe(false);
          expect(verifyInclusion(d[i]!, -1, n, proof, root)).toBe(false);
          expect(verifyInclusion(d[i]!, i, n, [...proof, root], root)).toBe(false);
          if (proof.length > 0) {
            const k = bit % proof.length;
            const tampered = proof.map((p, j) => (j === k ? flip(p, bit) : p));
            expect(verifyInclusion(d[i]!, i, n, tampered, root)).toBe(false);
            expect(verifyInclusion(d[i]!, i, n, proof.slice(0, -1), root)).toBe(false);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never throws on malformed input', () => {
    const d = leaves(5);
    const root = merkleTreeHash(d);
    const proof = inclusionProof(d, 2, 5);
    expect(verifyInclusion(d[2]!, 2, 5, [...proof.slice(0, 2), new Uint8Array(31)], root)).toBe(
      false,
    );
    expect(verifyInclusion(d[2]!.subarray(1), 2, 5, proof, root)).toBe(false);
    expect(verifyInclusion(d[2]!, 2.5, 5, proof, root)).toBe(false);
    expect(verifyInclusion(d[2]!, 2, Number.NaN, proof, root)).toBe(false);
    expect(verifyInclusion(d[2]!, 0, 0, [], EMPTY_ROOT)).toBe(false);
    expect(verifyInclusion(d[2]!, 2, 5, 'nope' as unknown as Uint8Array[], root)).toBe(false);
  });
});

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  it('verify for every 1 ≤ m ≤ n ≤ 200 and fail when tampered', () => {
    const d = leaves(200, 42);
    const log = new MerkleLog(d);
    const roots = Array.from({ length: 201 }, (_, n) => log.root(n));
    let checked = 0;
    for (let n = 1; n <= 200; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = log.consistencyProof(m, n);
        const bit = (m * 31 + n) % 256;
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof)).toBe(true);
        // One tampering per pair, rotating through the kinds so that every kind meets every
        // shape of proof many times over.
        const k = proof.length === 0 ? 0 : bit % proof.length;
        const tamperings: [number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
          [m, n, flip(roots[m]!, bit), roots[n]!, proof],
          [m, n, roots[m]!, flip(roots[n]!, bit), proof],
          [m, n, roots[m]!, roots[n]!, [...proof, roots[m]!]],
        ];
        if (m < n) {
          expect(proof.length).toBeGreaterThan(0);
          tamperings.push(
            [m, n, roots[m]!, roots[n]!, proof.map((p, j) => (j === k ? flip(p, bit) : p))],
            [m, n, roots[m]!, roots[n]!, proof.slice(1)],
            [m, n, roots[m]!, roots[n]!, proof.slice(0, -1)],
            [m, n, roots[n]!, roots[m]!, proof],
            [n, m, roots[m]!, roots[n]!, proof],
          );
        }
        if (m < n) expect(verifyConsistency(...tamperings[3]!), `${m} → ${n} flipped`).toBe(false);
        const [a, b, ra, rb, p] = tamperings[(m + 3 * n) % tamperings.length]!;
        expect(verifyConsistency(a, b, ra, rb, p), `${m} → ${n}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBe(20_100);
  });

  it('pure and incremental proofs agree on random trees', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 200 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }), fc.nat(65535))),
        ([n, m, seed]) => {
          const d = leaves(n, seed);
          const log = new MerkleLog(d);
          const proof = consistencyProof(d, m, n);
          expect(hexes(log.consistencyProof(m, n))).toEqual(hexes(proof));
          expect(verifyConsistency(m, n, merkleTreeHash(d, m), merkleTreeHash(d, n), proof)).toBe(
            true,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('treats the empty tree as a prefix of every tree, and equal sizes as equal roots', () => {
    const d = leaves(9);
    const root = merkleTreeHash(d);
    expect(verifyConsistency(0, 9, EMPTY_ROOT, root, [])).toBe(true);
    expect(verifyConsistency(0, 9, EMPTY_ROOT, root, [root])).toBe(false);
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(true);
    expect(verifyConsistency(9, 9, root, root, [])).toBe(true);
    expect(verifyConsistency(9, 9, root, flip(root), [])).toBe(false);
    expect(verifyConsistency(3, 9, merkleTreeHash(d, 3), root, [])).toBe(false);
    expect(verifyConsistency(-1, 9, EMPTY_ROOT, root, [])).toBe(false);
    expect(verifyConsistency(3, 9, new Uint8Array(32), root, [new Uint8Array(5)])).toBe(false);
  });

  it('rejects a proof for a history in which an old entry was rewritten', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 200 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n - 1 }))),
        fc.nat(),
        ([n, m], pick) => {
          const honest = leaves(n, 1);
          const rewritten = honest.slice();
          const at = pick % m;
          rewritten[at] = flip(rewritten[at]!);
          const oldRoot = merkleTreeHash(honest, m);
          const forked = new MerkleLog(rewritten);
          const proof = forked.consistencyProof(m, n);
          expect(verifyConsistency(m, n, oldRoot, forked.root(), proof)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('MerkleLog at scale', () => {
  it('appends 100,000 leaves and answers roots and proofs for any size quickly', () => {
    const n = 100_000;
    const data = new Uint8Array(8);
    const view = new DataView(data.buffer);
    const t0 = performance.now();
    const log = new MerkleLog();
    const hashes: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      view.setUint32(0, i);
      const h = leafHash(data);
      hashes.push(h);
      log.append(h);
    }
    const t1 = performance.now();
    const root = log.root();
    const proof = log.consistencyProof(65_537);
    const old = log.root(65_537);
    const t2 = performance.now();
    const sizes = 1000;
    for (let s = 1; s <= sizes; s++) {
      const m = Math.floor((s * 99_991) % n) + 1;
      log.root(m);
      log.consistencyProof(m);
      log.inclusionProof(m - 1, n);
    }
    const t3 = performance.now();
    expect(verifyConsistency(65_537, n, old, root, proof)).toBe(true);
    expect(verifyInclusion(hashes[77_777]!, 77_777, n, log.inclusionProof(77_777), root)).toBe(
      true,
    );
    const t4 = performance.now();
    expect(toHex(merkleTreeHash(hashes))).toBe(toHex(root));
    const t5 = performance.now();
    console.log(
      `[bench] MerkleLog: ${n} appends (incl. leaf hashing) ${(t1 - t0).toFixed(0)} ms; ` +
        `root + consistency proof ${(t2 - t1).toFixed(2)} ms; ` +
        `${sizes}× (root + consistency + inclusion proof) at random sizes ${(t3 - t2).toFixed(0)} ms; ` +
        `full recomputation of the root ${(t5 - t4).toFixed(0)} ms`,
    );
  });
});
