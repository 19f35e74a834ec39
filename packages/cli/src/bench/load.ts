import { createRequire } from 'node:module';

/** The part of an autocannon result the benchmarks read (latencies in milliseconds). */
export interface AutocannonResult {
  requests: { total: number; sent: number; average: number };
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  throughput: { total: number };
  statusCodeStats?: Record<string, { count: number }>;
}

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

/** autocannon (loopback HTTP load; CommonJS, loaded through `require`). */
export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
