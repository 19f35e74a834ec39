import { describe, expect, it } from 'vitest';
import { benchIssueHttp } from './issue-http.js';

describe('benchIssueHttp', () => {
  it('issues over loopback HTTP and in process, every request answered 201, and reports the ratio', async () => {
    const r = await benchIssueHttp({ seconds: 1, rounds: 1, connections: 4, warmup: 20 });
    expect(r.engine).toBe('pglite');
    expect(r.connections).toBe(4);
    expect(r.errors).toBe(0);
    expect(r.non2xx).toBe(0);
    expect(r.http_per_s).toBeGreaterThan(0);
    expect(r.in_process_single_per_s).toBeGreaterThan(0);
    expect(r.ratio).toBeCloseTo(r.round_ratios.max, 2);
    expect(r.latency_ms.p99).toBeGreaterThanOrEqual(r.latency_ms.p50);
    // Every HTTP request went through the group commit.
    expect(r.group.mean).toBeGreaterThanOrEqual(1);
    expect(r.group.largest).toBeGreaterThanOrEqual(1);
    expect(r.target).toBe(0.5);
  }, 180_000);
});
