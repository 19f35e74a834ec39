import { describe, expect, it } from 'vitest';
import { benchGateway } from './gateway.js';

describe('benchGateway', () => {
  it('sets up a gateway, builds bundles and serves delta downloads without failures', async () => {
    const result = await benchGateway({
      engine: 'pglite',
      countries: 3,
      dscsPerCountry: 5,
      rate: 20,
      seconds: 1,
    });
    expect(result.dscs).toBe(3 * 5);
    expect(result.bundle_builds_ms).toHaveLength(5);
    expect(result.bundle_build_ms).toBeGreaterThan(0);
    expect(result.bundle_bytes).toBeGreaterThan(3 * 5 * 300);
    // 3 uploads and 3 revocations after the measured version.
    expect(result.delta.entries).toBe(6);
    expect(result.delta.rate).toBe(20);
    expect(result.delta.requests).toBeGreaterThan(0);
    expect(result.delta.errors).toBe(0);
    expect(result.delta.non2xx).toBe(0);
    expect(result.delta.p99_ms).toBeGreaterThanOrEqual(result.delta.p50_ms);
    expect(result.first_page.requests).toBe(50);
    expect(result.first_page.errors).toBe(0);
    expect(result.notes.length).toBeGreaterThan(0);
  });
});
