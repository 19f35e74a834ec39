import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../../core/test-support/vectors.js';
import { runCertLogicConformance } from './certlogic.js';

const dir = vectorsDir('certlogic');

describe.skipIf(!dir)('CertLogic specification conformance', () => {
  it('passes every evaluation and validation case of the specification test suites', async () => {
    const result = await runCertLogicConformance(dir as string);
    expect(result.failures).toEqual([]);
    expect(result.failed).toBe(0);
    // 227 evaluation assertions + 23 validation cases, minus the 14 the suites mark "skip".
    expect(result.passed).toBeGreaterThanOrEqual(241);
  });
});
