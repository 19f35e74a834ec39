import { parseArgs } from 'node:util';
import { describeFailure } from './lib/failure.js';
import { exitQuietlyWhenOutputCloses } from './lib/output.js';
import { type CommandName, commandUsage, isCommandName, USAGE, UsageError } from './lib/usage.js';

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<Exclude<CommandName, 'help'>, () => Promise<Command>> = {
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
  lane: async () => (await import('./commands/lane.js')).laneCommand,
  gateway: async () => (await import('./commands/gateway.js')).gatewayCommand,
};

/**
 * Runs the `corridor` command line and returns the exit status: 0 success (or a valid
 * certificate), 1 a negative result or a failure, 2 a usage error. Nothing it throws
 * reaches the user as a stack trace: failures become one line (see `describeFailure`).
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const first = name === 'help' ? rest[0] : undefined;
    const topic = first === '--help' || first === '-h' ? 'help' : first;
    if (topic === undefined) {
      process.stdout.write(USAGE);
      return 0;
    }
    return printHelp(topic);
  }
  if (!isCommandName(name)) return fail('', new UsageError(`unknown command "${name}"`));
  if (wantsHelp(rest)) return printHelp(name);
  try {
    return await (await COMMANDS[name as Exclude<CommandName, 'help'>]())(rest);
  } catch (error) {
    return fail(name, error);
  }
}

/**
 * `main` for the `corridor` binary: also ends quietly when the output's reader goes away,
 * and turns an error that escapes every command (an `error` event, a stray rejection) into
 * the same one coded line.
 */
export async function runCli(argv: string[]): Promise<number> {
  exitQuietlyWhenOutputCloses();
  const command = argv[0] ?? '';
  const escaped = (error: unknown) => {
    process.exitCode = fail(isCommandName(command) ? command : '', error);
    process.exit();
  };
  process.on('uncaughtException', escaped);
  process.on('unhandledRejection', escaped);
  return main(argv);
}

/** `--help` or `-h` among a command's arguments (before a `--` that ends the options). */
function wantsHelp(args: string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

function printHelp(name: string): number {
  if (!isCommandName(name)) return fail('', new UsageError(`unknown command "${name}"`));
  process.stdout.write(commandUsage(name));
  return 0;
}

function fail(command: string, error: unknown): number {
  const failure = describeFailure(command, error, process.env.CORRIDOR_DEBUG === '1');
  process.stderr.write(failure.text);
  return failure.status;
}

export { parseArgs };
