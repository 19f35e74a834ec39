import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../../core/test-support/vectors.js';
import { loadDgcExclusions } from '../commands/conformance.js';
import { DGC_FLAGS, runDgcConformance, sameJson } from './dgc.js';

const dgc = vectorsDir('dgc-testdata');

describe.skipIf(!dgc)('EU dgc-testdata conformance', () => {
  it('agrees with every EXPECTED* flag of every vector, except the listed exclusions', async () => {
    const exclusions = await loadDgcExclusions();
    const result = await runDgcConformance(dgc!, { exclusions });
    expect(result.files).toBeGreaterThan(150);
    expect(result.disagreements).toEqual([]);
    for (const flag of DGC_FLAGS) expect(result.flags[flag]!.agree, flag).toBeGreaterThan(0);
    // Every exclusion still matches a vector flag, so the list cannot silently go stale.
    expect(result.excluded.map((e) => `${e.file}#${e.flag}`).sort()).toEqual(
      exclusions.map((e) => `${e.file}#${e.flag}`).sort(),
    );
  }, 180_000);

  it('counts negative vectors: a step that should fail does fail', async () => {
    const result = await runDgcConformance(dgc!, { exclusions: [] });
    // Without the exclusion list the contradictory IS/3 vector is the only disagreement.
    expect(result.disagreements).toEqual([
      { file: 'IS/2DCode/raw/3.json', flag: 'EXPECTEDKEYUSAGE', expected: false, got: true },
    ]);
  }, 180_000);
});

describe('sameJson', () => {
  it('ignores key order and treats equal instants as equal date-times', () => {
    expect(sameJson({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameJson({ sc: '2021-06-30T12:34:56Z' }, { sc: '2021-06-30T12:34:56+00:00' })).toBe(
      true,
    );
    expect(sameJson({ sc: '2021-06-30T12:34:56Z' }, { sc: '2021-06-30T12:34:57Z' })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
  });
});
