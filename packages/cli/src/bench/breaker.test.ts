import { describe, expect, it } from 'vitest';
import { benchBreaker } from './breaker.js';

describe('benchBreaker', () => {
  it('evaluates a year of signed indicators for a lane whose breakers trip and resume, and reports the cost', async () => {
    const result = await benchBreaker({ rounds: 5 });
    console.log(`Breaker evaluation: ${JSON.stringify(result)}`);
    expect(result).toMatchObject({ days: 365, documents: 2190, overrides: 2, breakers: 3 });
    // A fixture where nothing happens would measure nothing: both waves trip and resume.
    expect(result.transitions).toBeGreaterThanOrEqual(10);
    expect(result.micros_per_evaluation).toBeGreaterThan(0);
    expect(result.micros_per_first_evaluation).toBeGreaterThan(0);
    expect(result.micros_per_es256_verify).toBeGreaterThan(0);
  });

  it('can leave out the lane figures: one indicator per country, 730 documents', async () => {
    const result = await benchBreaker({ rounds: 3, laneFigures: false });
    expect(result).toMatchObject({ documents: 730, breakers: 2 });
    expect(result.transitions).toBeGreaterThanOrEqual(6);
  });
});
