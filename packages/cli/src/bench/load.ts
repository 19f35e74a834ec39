import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

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

/** One request, as autocannon and `fetch` both take it. */
export interface LoadRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** What {@link loadInChild} asks of the load generator's process. */
export type ChildLoad =
  | { mode: 'autocannon'; request: LoadRequest; autocannon: Record<string, unknown> }
  | {
      mode: 'paced';
      request: LoadRequest;
      rate: number;
      seconds: number;
      /** Seconds of the same load sent first and not measured (connections, JIT); default 0. */
      warmupSeconds?: number;
    };

/** An evenly paced, open-loop run (`mode: 'paced'`); latencies in milliseconds. */
export interface PacedResult {
  requests: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  non2xx: number;
  errors: number;
  /** From the first measured request leaving to the last answer. */
  seconds: number;
  /** Requests of the warm-up before the measured ones (answered or not; not in the figures). */
  warmup_requests: number;
}

/**
 * Runs a load generator in a node process of its own (`load-child.js`), as clients elsewhere
 * would be: its CPU is not on the server's event loop and not in the server process's
 * `process.cpuUsage()`, so that figure is the server's own cost (the two processes still
 * share the machine's cores).
 */
export function loadInChild(
  job: Extract<ChildLoad, { mode: 'autocannon' }>,
): Promise<AutocannonResult>;
export function loadInChild(job: Extract<ChildLoad, { mode: 'paced' }>): Promise<PacedResult>;
export function loadInChild(job: ChildLoad): Promise<AutocannonResult | PacedResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL('./load-child.js', import.meta.url))],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out) as AutocannonResult | PacedResult);
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(JSON.stringify(job));
  });
}
