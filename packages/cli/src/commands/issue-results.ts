// The results file of a bulk issuance and the progress line shown while it is written.
import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { csvField } from './issue-csv.js';
import type { CsvRow, RowError } from './issue-rows.js';

/** The results file's header. */
export const RESULTS_HEADER = 'line,id,status,uci,hc1,error_code,error_message';

/**
 * One line of the results file: the row's line and id, its status (`issued`, `replayed`,
 * `failed`, `skipped`), the UCI and HC1 string when issued, else the first error.
 */
export function resultLine(
  row: CsvRow,
  status: string,
  cert?: { uci: string; hc1: string },
  error?: RowError,
): string {
  return [
    String(row.line),
    row.id,
    status,
    cert?.uci ?? '',
    cert?.hc1 ?? '',
    error?.code ?? '',
    error ? `${error.field ? `${error.field}: ` : ''}${error.message}` : '',
  ]
    .map(csvField)
    .join(',');
}

/**
 * The results CSV, written to `<file>.partial` as rows complete (in row order, one write per
 * batch) and renamed to `<file>` once the run is complete. A killed run leaves a usable
 * partial file; the next run rebuilds the whole file from the database (idempotent replays).
 */
export class ResultsFile {
  private constructor(
    private readonly file: string,
    private readonly handle: Awaited<ReturnType<typeof open>>,
  ) {}

  static async create(file: string): Promise<ResultsFile> {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(`${file}.partial`, 'w');
    await handle.write(`${RESULTS_HEADER}\n`);
    return new ResultsFile(file, handle);
  }

  async append(lines: string[]): Promise<void> {
    await this.handle.write(`${lines.join('\n')}\n`);
  }

  async commit(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
    await rename(`${this.file}.partial`, this.file);
  }
}

/** Progress on standard error: a redrawn line on a terminal, else a line every 5 seconds. */
export class Progress {
  private done_ = 0;
  private readonly start = performance.now();
  private last = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(
    private readonly total: number,
    private readonly quiet: boolean,
  ) {}

  add(n: number): void {
    this.done_ += n;
    const t = performance.now();
    if (this.quiet) return;
    if (this.tty ? t - this.last > 100 : t - this.last > 5000) {
      this.last = t;
      this.draw();
    }
  }

  done(): void {
    if (!this.quiet) this.draw();
    if (!this.quiet && this.tty) process.stderr.write('\n');
  }

  private draw(): void {
    const seconds = (performance.now() - this.start) / 1000;
    const rate = this.done_ / Math.max(seconds, 0.001);
    const eta = rate > 0 ? Math.ceil((this.total - this.done_) / rate) : 0;
    const width = 24;
    const filled = this.total > 0 ? Math.round((width * this.done_) / this.total) : width;
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const line = `issuing ${bar} ${this.done_}/${this.total}  ${Math.round(rate)}/s  ETA ${eta}s`;
    process.stderr.write(this.tty ? `\r${line}\u001b[K` : `${line}\n`);
  }
}
