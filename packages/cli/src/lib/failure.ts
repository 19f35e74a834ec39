import { MissingFileError, UsageError } from './usage.js';

/** What `corridor` prints for a command that failed, and the exit status it ends with. */
export interface FailureMessage {
  /** Written to standard error as is: one line, or more only under `CORRIDOR_DEBUG=1`. */
  text: string;
  status: 1 | 2;
}

/**
 * Turns anything a command threw into what its user sees: a usage error is one line and a
 * pointer to the command's help (exit 2); a path that does not exist is `no such file: …`
 * (exit 2); anything else is one coded line, `corridor issue: KEYSTORE_PASSPHRASE_MISSING: …`
 * (exit 1), with the stack trace only when `debug` (`CORRIDOR_DEBUG=1`). A stack trace means
 * nothing to someone at a border desk, and the code is what they can search for or report.
 */
export function describeFailure(command: string, error: unknown, debug: boolean): FailureMessage {
  const prefix = command ? `corridor ${command}` : 'corridor';
  const trace = debug && error instanceof Error && error.stack ? `${error.stack}\n` : '';
  if (error instanceof MissingFileError || isMissingPath(error)) {
    const file = error instanceof MissingFileError ? error.file : (error as { path: string }).path;
    return { text: `${prefix}: no such file: ${file}\n${trace}`, status: 2 };
  }
  if (error instanceof UsageError || errorCode(error)?.startsWith('ERR_PARSE_ARGS')) {
    const help = command ? `corridor ${command} --help` : 'corridor --help';
    return {
      text: `${prefix}: ${oneLine(messageOf(error))}\nRun '${help}' for usage.\n${trace}`,
      status: 2,
    };
  }
  const code = codedName(error) ?? 'INTERNAL_ERROR';
  const hint = debug ? '' : ' (CORRIDOR_DEBUG=1 shows the trace)';
  const suffix = code === 'INTERNAL_ERROR' ? hint : '';
  return {
    text: `${prefix}: ${code}: ${oneLine(messageOf(error))}${suffix}\n${trace}`,
    status: 1,
  };
}

/** An error's own UPPER_SNAKE code (`KEYSTORE_…`, `PKI_…`, or a system code like `EACCES`). */
function codedName(error: unknown): string | undefined {
  const code = errorCode(error);
  return code && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : undefined;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isMissingPath(error: unknown): boolean {
  return errorCode(error) === 'ENOENT' && typeof (error as { path?: unknown }).path === 'string';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function oneLine(text: string): string {
  // node:util parseArgs explains '--' after an unknown option; the pointer to --help is ours.
  const own = text.replace(/\. To specify a positional argument starting with a '-'[\s\S]*$/, '');
  return own.replace(/\s*\n\s*/g, ' ').trim();
}
