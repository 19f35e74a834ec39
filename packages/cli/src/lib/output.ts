/**
 * Lets `corridor` behave like a Unix filter when the reader of its output goes away
 * (`corridor findings | head`): the write fails with EPIPE, and the process ends quietly with
 * status 0 instead of an unhandled `error` event and a stack trace. A command that handles
 * the closed output itself (`verify --batch` stops its workers and reports its own status)
 * adds its own `error` listener, and this one then leaves the decision to it.
 */
export function exitQuietlyWhenOutputCloses(): void {
  const listener = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') {
      if (process.stdout.listenerCount('error') > 1) return;
      process.exit(0);
    }
    process.stderr.write(`corridor: OUTPUT_FAILED: ${error.message}\n`);
    process.exit(1);
  };
  process.stdout.on('error', listener);
}
