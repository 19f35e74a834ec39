import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isLang, type Lang } from '@corridor/core/report';
import { type Database, DataFolderInUse, openDatabase } from '@corridor/server/db';
import {
  type Actor,
  type BulkIssueOutcome,
  createIssuanceNode,
  issueCertificates,
} from '@corridor/server/issuance';
import { explainIssueError } from '../lib/issue-messages.js';
import { UsageError, unreadableFile } from '../lib/usage.js';
import { CsvError, type CsvRecord, parseCsv } from './issue-csv.js';
import { ACCOUNT, forgiveIssued, issuerName, loadNode, loadValueSets } from './issue-node.js';
import { Progress, ResultsFile, resultLine } from './issue-results.js';
import { type CsvRow, columnOf, csvRows, type RowError, validateRows } from './issue-rows.js';

// The CSV reading, the row checks and the results file live in their own files; they are
// re-exported here so code that imported them from the command keeps working.
export { CsvError, type CsvLimits, type CsvRecord, csvField, parseCsv } from './issue-csv.js';
export { RESULTS_HEADER } from './issue-results.js';
export {
  type CsvRow,
  columnOf,
  csvRows,
  type RowError,
  TYPE_COLUMNS,
  validateRows,
} from './issue-rows.js';

interface Summary {
  file: string;
  rows: number;
  invalid: number;
  issued: number;
  replayed: number;
  failed: number;
  skipped: number;
  results: string | null;
  seconds: number;
  perSecond: number;
  errors: RowError[];
}

/**
 * `corridor issue --csv FILE [--out RESULTS] [--dry-run] [--skip-invalid] [--country CC]
 * [--data DIR] [--schema NAME] [--valuesets DIR] [--batch NAME] [--json]`: bulk issuance from
 * a CSV file (docs/issuance.md, "Bulk issuance from CSV"). Validates every row first, then
 * issues in batches with a progress line, writing a results CSV. Resumable: every row has an
 * idempotency key, so a re-run after a crash returns what was issued and issues the rest.
 */
export async function issueCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      csv: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string', default: 'en' },
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      country: { type: 'string', default: 'CN' },
      data: { type: 'string', default: '.corridor' },
      schema: { type: 'string' },
      valuesets: { type: 'string' },
      batch: { type: 'string' },
      'batch-size': { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
      sample: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const lang = values.lang;
  if (!isLang(lang)) throw new UsageError(`--lang must be en, zh or ko, not "${lang}"`);
  const country = values.country.toUpperCase();
  if (!/^[A-Z]{2}$/.test(country))
    throw new UsageError('--country takes an ISO 3166-1 alpha-2 code');
  if (values.sample) {
    if (values.csv !== undefined) throw new UsageError('--sample writes a CSV; it takes no --csv');
    const { sampleCsv } = await import('./issue-sample.js');
    process.stdout.write(sampleCsv(new Date(), country));
    return 0;
  }
  if (!values.csv) throw new UsageError('issue needs --csv FILE (or --sample)');
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000)
    throw new UsageError('--batch-size takes 1 to 1000');
  const csvFile = path.resolve(values.csv);
  let text: string;
  try {
    text = await readFile(csvFile, 'utf8');
  } catch (error) {
    throw unreadableFile('--csv', values.csv, error);
  }
  const batchName = values.batch ?? path.basename(csvFile);
  const outFile = values['dry-run']
    ? null
    : path.resolve(values.out ?? csvFile.replace(/(\.csv)?$/i, '.results.csv'));
  const dataDir = path.resolve(values.data);
  const nodeDir = path.join(dataDir, country.toLowerCase());
  const databaseUrl = process.env.DATABASE_URL;
  const schema =
    values.schema ?? process.env.CORRIDOR_DATABASE_SCHEMA ?? `corridor_${country.toLowerCase()}`;
  const log = (line: string) => {
    if (!values.json) process.stderr.write(`${line}\n`);
  };
  const started = performance.now();
  const summary: Summary = {
    file: csvFile,
    rows: 0,
    invalid: 0,
    issued: 0,
    replayed: 0,
    failed: 0,
    skipped: 0,
    results: outFile,
    seconds: 0,
    perSecond: 0,
    errors: [],
  };
  const finish = (code: number) => {
    summary.seconds = Math.round(performance.now() - started) / 1000;
    if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return code;
  };

  // ---- parse and validate (nothing is signed yet) ----
  let records: CsvRecord[];
  try {
    records = parseCsv(text, { maxRecords: 1_000_001, maxField: 4096 });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    summary.errors.push({ line: error.line, field: '', code: error.code, message: error.message });
    report(summary.errors, values.json, lang);
    return finish(1);
  }
  const { rows, header } = csvRows(records, batchName);
  summary.rows = rows.length;
  if (header.length > 0) {
    summary.errors.push(...header);
    report(header, values.json, lang);
    return finish(1);
  }
  const valueSets = await loadValueSets(values.valuesets, log);
  const config = { country, issuerName: issuerName(country), valueSets };
  const checker = await createIssuanceNode({ ...config, dscs: [], nodeSecret: randomBytes(32) });
  validateRows(checker, rows, new Date());

  let database: Database | undefined;
  try {
    if (!values['dry-run']) {
      try {
        database = await openDatabase(
          databaseUrl
            ? { url: databaseUrl, schema, poolSize: 4 }
            : { dataDir: path.join(nodeDir, 'db') },
        );
      } catch (error) {
        // Embedded PGlite serves one process per folder (a running `corridor start`, another
        // `corridor issue`): refused before anything is signed.
        if (error instanceof DataFolderInUse)
          throw new UsageError(
            `${error.message}; or use a PostgreSQL server (DATABASE_URL), which any number of processes share`,
          );
        throw error;
      }
      // A row issued by an earlier run is answered from the database even if it would no
      // longer pass (e.g. a test result that has expired since): only new rows must be valid.
      await forgiveIssued(database, rows);
    }
    const invalid = rows.filter((r) => r.errors.length > 0);
    summary.invalid = invalid.length;
    summary.errors = invalid.flatMap((r) => r.errors);
    report(summary.errors, values.json, lang);
    log(`${rows.length} rows, ${invalid.length} invalid`);
    if (values['dry-run'] || (invalid.length > 0 && !values['skip-invalid'])) {
      if (invalid.length > 0 && !values['dry-run'])
        log('nothing was signed: fix the rows above or pass --skip-invalid');
      return finish(invalid.length > 0 ? 1 : 0);
    }

    // ---- issue ----
    const node = await loadNode(dataDir, nodeDir, config, log);
    const actor: Actor = { id: `cli/${process.env.USER ?? 'unknown'}`, account: ACCOUNT };
    const results = await ResultsFile.create(outFile!);
    const todo = rows.filter((r) => r.errors.length === 0);
    const progress = new Progress(todo.length, values.json);
    const byLine = new Map<number, string>();
    let written = 0;
    let writing = Promise.resolve();
    // Rows are written in file order, one write at a time.
    const flush = () => {
      const lines: string[] = [];
      while (written < rows.length && byLine.has(rows[written]!.line)) {
        lines.push(byLine.get(rows[written]!.line)!);
        byLine.delete(rows[written]!.line);
        written++;
      }
      if (lines.length > 0) writing = writing.then(() => results.append(lines));
      return writing;
    };
    for (const row of rows) {
      if (row.errors.length === 0) continue;
      summary.skipped++;
      byLine.set(row.line, resultLine(row, 'skipped', undefined, row.errors[0]));
    }
    await flush();
    const batches: CsvRow[][] = [];
    for (let k = 0; k < todo.length; k += batchSize) batches.push(todo.slice(k, k + batchSize));
    let nextBatch = 0;
    // Two batches in flight: one is signed while the other is being stored.
    await Promise.all(
      Array.from({ length: Math.min(2, batches.length) }, async () => {
        while (nextBatch < batches.length) {
          const batch = batches[nextBatch++]!;
          const outcomes = await issueCertificates(
            database!.db,
            batch.map((r) => ({ request: r.request!, idempotencyKey: r.idempotencyKey })),
            { node, actor, now: new Date() },
          );
          outcomes.forEach((o, k) => {
            const row = batch[k]!;
            byLine.set(row.line, outcomeLine(row, o, summary));
          });
          progress.add(batch.length);
          await flush();
        }
      }),
    );
    progress.done();
    await results.commit();
    const seconds = (performance.now() - started) / 1000;
    summary.perSecond = Math.round((summary.issued + summary.replayed) / seconds);
    log(
      `issued ${summary.issued}, already issued ${summary.replayed}, failed ${summary.failed}, skipped ${summary.skipped}; results in ${path.relative(process.cwd(), outFile!) || outFile}`,
    );
    return finish(summary.failed > 0 ? 1 : 0);
  } finally {
    await database?.close();
  }
}

function outcomeLine(row: CsvRow, outcome: BulkIssueOutcome, summary: Summary): string {
  if (outcome.ok) {
    if (outcome.certificate.replayed) summary.replayed++;
    else summary.issued++;
    return resultLine(
      row,
      outcome.certificate.replayed ? 'replayed' : 'issued',
      outcome.certificate,
    );
  }
  summary.failed++;
  const p = outcome.problem;
  const first = p.errors[0];
  const error: RowError = first
    ? { line: row.line, field: columnOf(first.path), code: first.code, message: first.message }
    : { line: row.line, field: '', code: p.code, message: p.detail };
  summary.errors.push(error);
  return resultLine(row, 'failed', undefined, error);
}

function report(errors: RowError[], json: boolean, lang: Lang): void {
  if (json || errors.length === 0) return;
  const shown = errors.slice(0, 200);
  process.stderr.write('line  field  code  message\n');
  for (const e of shown)
    process.stderr.write(
      `${e.line}  ${e.field || '-'}  ${e.code}  ${explainIssueError(e.code, e.message, lang)}\n`,
    );
  if (errors.length > shown.length)
    process.stderr.write(`... and ${errors.length - shown.length} more (--json lists all)\n`);
}
