import { parseArgs } from 'node:util';
import { UsageError } from '../lib/usage.js';
import { rulesTest, rulesValidate } from './rules.js';

/** `corridor rules validate FILE [--json]` and `corridor rules test DIR [--json]`. */
export async function rulesCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  const [what, target] = positionals;
  if (!target || positionals.length !== 2)
    throw new UsageError('rules takes validate FILE or test DIR');
  if (what === 'validate') {
    const result = await rulesValidate(target);
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      if (result.error) process.stdout.write(`${target}: ${result.error}\n`);
      for (const rule of result.rules) {
        process.stdout.write(
          `${rule.valid ? '✔' : '✘'} ${rule.identifier}${rule.version ? ` ${rule.version}` : ''}\n`,
        );
        for (const f of rule.findings)
          process.stdout.write(`    ${f.severity} ${f.code}: ${f.message}\n`);
      }
    }
    return result.valid ? 0 : 1;
  }
  if (what === 'test') {
    const result = await rulesTest(target);
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(`${result.passed} passed, ${result.failed} failed\n`);
      for (const f of result.failures) {
        process.stdout.write(
          `FAIL ${f.file}${f.name ? ` ${f.name}` : ''}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.got)}\n`,
        );
      }
    }
    return result.failed === 0 ? 0 : 1;
  }
  throw new UsageError(`unknown rules action "${what}"`);
}
