import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type DgcExclusion, runDgcConformance } from '../conformance/dgc.js';
import { UsageError } from '../lib/usage.js';

/** Where the list of known-contradictory dgc-testdata vectors lives (shipped with the CLI). */
export const DGC_EXCLUSIONS_FILE = new URL(
  '../../src/conformance/dgc-exclusions.json',
  import.meta.url,
);

export async function loadDgcExclusions(): Promise<DgcExclusion[]> {
  const json = JSON.parse(await readFile(DGC_EXCLUSIONS_FILE, 'utf8')) as {
    exclusions: DgcExclusion[];
  };
  return json.exclusions;
}

/** `corridor conformance dgc|certlogic|rules|formats DIR [--json]`. Exit 0 when everything agrees. */
export async function conformanceCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  const [suite, dir] = positionals;
  if (!suite || !dir || positionals.length !== 2)
    throw new UsageError('conformance takes a suite (dgc, certlogic, rules, formats) and a DIR');
  if (suite === 'formats') {
    const { runFormatsConformance } = await import('../conformance/formats.js');
    const result = await runFormatsConformance(dir);
    if (Object.keys(result.formats).length === 0)
      throw new UsageError(`no format manifest (shc, nzcp, vds-nc, divoc) under ${dir}`);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      for (const [format, s] of Object.entries(result.formats))
        process.stdout.write(
          `${format.padEnd(8)} ${s.passed}/${s.entries} agree${s.uncertain ? ` (${s.uncertain} marked uncertain: Corridor's choices in docs/formats/${format}.md)` : ''}\n`,
        );
      process.stdout.write(`formats: ${result.passed} passed, ${result.failed} failed\n`);
      for (const f of result.failures)
        process.stdout.write(
          `DISAGREE ${f.format} ${f.file}: expected ${f.expected}, got ${f.got}${f.code ? ` (${f.code})` : ''}\n`,
        );
    }
    return result.failed === 0 ? 0 : 1;
  }
  if (suite === 'dgc') {
    const result = await runDgcConformance(dir, {
      exclusions: await loadDgcExclusions(),
      onProgress:
        process.stderr.isTTY && !values.json
          ? (d, t) => process.stderr.write(`\r${d}/${t} files`)
          : undefined,
    });
    if (process.stderr.isTTY && !values.json) process.stderr.write('\r');
    if (values.json) {
      const flags = Object.fromEntries(
        Object.entries(result.flags).map(([k, v]) => [k, { agree: v.agree, disagree: v.disagree }]),
      );
      process.stdout.write(
        `${JSON.stringify({ flags, disagreements: result.disagreements, excluded: result.excluded }, null, 2)}\n`,
      );
    } else {
      const rows = Object.entries(result.flags).map(
        ([flag, c]) =>
          `${flag.padEnd(26)} ${String(c.agree).padStart(6)} ${String(c.disagree).padStart(9)} ${String(c.excluded).padStart(9)}`,
      );
      process.stdout.write(
        `${result.files} vector files under ${dir}\n\n${'flag'.padEnd(26)} ${'agree'.padStart(6)} ${'disagree'.padStart(9)} ${'excluded'.padStart(9)}\n${rows.join('\n')}\n`,
      );
      for (const d of result.disagreements) {
        process.stdout.write(
          `DISAGREE ${d.file} ${d.flag}: expected ${d.expected}, got ${d.got}${d.code ? ` (${d.code})` : ''}\n`,
        );
      }
      for (const e of result.excluded)
        process.stdout.write(`excluded ${e.file} ${e.flag} (got ${e.got}): ${e.reason}\n`);
    }
    return result.disagreements.length === 0 ? 0 : 1;
  }
  if (suite === 'certlogic' || suite === 'rules') {
    const mod = await import(
      suite === 'certlogic' ? '../conformance/certlogic.js' : '../conformance/rules.js'
    );
    const run = (suite === 'certlogic' ? mod.runCertLogicConformance : mod.runRulesConformance) as (
      d: string,
    ) => Promise<{
      passed: number;
      failed: number;
      failures: { file: string; name?: string; expected: unknown; got: unknown }[];
    }>;
    const result = await run(dir);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      process.stdout.write(`${suite}: ${result.passed} passed, ${result.failed} failed\n`);
      for (const f of result.failures) {
        process.stdout.write(
          `FAIL ${f.file}${f.name ? ` ${f.name}` : ''}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.got)}\n`,
        );
      }
    }
    return result.failed === 0 ? 0 : 1;
  }
  throw new UsageError(`unknown conformance suite "${suite}"`);
}
