import { verify } from '@corridor/core/verify';
import { loadBenchCases } from './verify.js';

/**
 * Child process of `corridor bench memory`: verifies `count` codes in a loop and prints the
 * peak resident set size (sampled every 1,000 verifications) as JSON.
 */
const [dgcDir, countText] = process.argv.slice(2);
const count = Number(countText);
const cases = await loadBenchCases(dgcDir!);
const all = [...cases.ES256, ...cases.PS256];
const start = process.memoryUsage().rss;
let peak = start;
for (let i = 0; i < count; i++) {
  const c = all[i % all.length]!;
  await verify(c.text, c.context);
  if (i % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
}
peak = Math.max(peak, process.memoryUsage().rss);
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
process.stdout.write(
  JSON.stringify({ verifications: count, peak_rss_mb: mb(peak), start_rss_mb: mb(start) }),
);
