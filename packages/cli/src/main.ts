import { parseArgs } from 'node:util';
import { USAGE, UsageError } from './lib/usage.js';

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  conformance: async () => (await import('./commands/conformance.js')).conformanceCommand,
  bench: async () => (await import('./commands/bench.js')).benchCommand,
  rules: async () => (await import('./commands/rules-command.js')).rulesCommand,
  bundle: async () => (await import('./commands/bundle.js')).bundleCommand,
  keys: async () => (await import('./commands/keys.js')).keysCommand,
  start: async () => (await import('./commands/start.js')).startCommand,
  issue: async () => (await import('./commands/issue.js')).issueCommand,
  findings: async () => (await import('./commands/findings.js')).findingsCommand,
  problems: async () => (await import('./commands/problems.js')).problemsCommand,
};

/**
 * Runs the `corridor` command line and returns the exit status: 0 success (or a valid
 * certificate), 1 a negative result, 2 a usage error.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`corridor: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await (await load())(rest);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`corridor ${name}: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

export { parseArgs };
