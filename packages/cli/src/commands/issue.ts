import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type EuValueSet, parseEuValueSet } from '@corridor/core/dcc/valuesets';
import { isLang, type Lang } from '@corridor/core/report/finding';
import { ensureNodeKeys } from '@corridor/server/corridor/keys';
import { type Database, openDatabase } from '@corridor/server/db/database';
import { DataFolderInUse } from '@corridor/server/db/folder-lock';
import { euValueSets } from '@corridor/server/issuance/eu-valuesets';
import {
  type Actor,
  type BulkIssueOutcome,
  createIssuanceNode,
  HttpProblem,
  type IssuanceNode,
  type IssueRequest,
  idempotencyKeyHash,
  issueCertificates,
  prepareCertificate,
} from '@corridor/server/issuance/index';
import { FileKeyStore } from '@corridor/server/keystore/file-key-store';
import { readNodeSecret, secretFile } from '@corridor/server/node/secret';
import { explainIssueError } from '../lib/issue-messages.js';
import { UsageError, unreadableFile } from '../lib/usage.js';

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)
// ---------------------------------------------------------------------------------------------

/** Limits of {@link parseCsv}. */
export interface CsvLimits {
  /** Largest number of records, header included (default 1,000,001). */
  maxRecords?: number;
  /** Longest field in characters (default 4,096). */
  maxField?: number;
}

/** A problem of the CSV text itself, at a 1-based line of the file. */
export class CsvError extends Error {
  constructor(
    readonly code: string,
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** One parsed record and the file line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Parses RFC 4180 CSV: comma-separated fields, optionally in double quotes (a quoted field may
 * hold commas, line breaks and `""` for a quote), records ended by CRLF or LF, an optional
 * UTF-8 byte-order mark, an optional final line break. Blank lines are skipped. Throws
 * {@link CsvError} (`CSV_QUOTE_UNTERMINATED`, `CSV_QUOTE_MISPLACED`, `CSV_FIELD_TOO_LONG`,
 * `CSV_TOO_MANY_ROWS`).
 */
export function parseCsv(text: string, limits: CsvLimits = {}): CsvRecord[] {
  const maxRecords = limits.maxRecords ?? 1_000_001;
  const maxField = limits.maxField ?? 4096;
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0)
            throw new CsvError('CSV_QUOTE_UNTERMINATED', start, 'a quoted field never ends');
          const chunk = text.slice(i, q);
          for (const c of chunk) if (c === '\n') line++;
          value += chunk;
          if (text[q + 1] === '"') {
            value += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
          if (value.length > maxField) break;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r')
          throw new CsvError('CSV_QUOTE_MISPLACED', line, 'text after a closing quote');
      } else {
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
        value = text.slice(i, j);
        if (value.includes('"'))
          throw new CsvError('CSV_QUOTE_MISPLACED', line, 'a quote inside an unquoted field');
        i = j;
      }
      if (value.length > maxField)
        throw new CsvError(
          'CSV_FIELD_TOO_LONG',
          line,
          `a field is longer than ${maxField} characters`,
        );
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    // End of record: CRLF, LF, lone CR, or end of text.
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (fields.length === 1 && fields[0] === '') continue; // blank line
    if (records.length >= maxRecords)
      throw new CsvError('CSV_TOO_MANY_ROWS', start, `more than ${maxRecords - 1} rows`);
    records.push({ line: start, fields });
  }
  return records;
}

/** Quotes a field for CSV output when it needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

// ---------------------------------------------------------------------------------------------
// Rows → issuance requests
// ---------------------------------------------------------------------------------------------

/** A problem of one row (or of the header, row 1). */
export interface RowError {
  /** The row's line in the file (the header is line 1). */
  line: number;
  /** The CSV column, or `''` for the whole row. */
  field: string;
  code: string;
  message: string;
}

/** A row turned into an issuance request. */
export interface CsvRow {
  line: number;
  /** The row's stable identifier: the `id` column, else `row-<line>`. */
  id: string;
  /** `csv:` + hex SHA-256 of batch name ‖ 0x00 ‖ id. */
  idempotencyKey: string;
  request?: IssueRequest;
  errors: RowError[];
}

const HOLDER = ['fn', 'fnt', 'gn', 'gnt', 'dob'] as const;
/** The columns each certificate type may fill (besides `type`, `id` and the holder's). */
export const TYPE_COLUMNS = {
  vaccination: ['tg', 'vp', 'mp', 'ma', 'dn', 'sd', 'dt', 'co', 'is'],
  test: ['tg', 'tt', 'nm', 'ma', 'sc', 'tr', 'tc', 'co', 'is'],
  recovery: ['tg', 'fr', 'df', 'du', 'co', 'is'],
} as const;
const ALL_COLUMNS = new Set<string>([
  'type',
  'id',
  ...HOLDER,
  ...Object.values(TYPE_COLUMNS).flat(),
]);
const INTEGER_COLUMNS = new Set(['dn', 'sd']);
const MAX_ID = 200;

/** Maps parsed CSV records (header first) to issuance requests, with row-level errors. */
export function csvRows(
  records: CsvRecord[],
  batch: string,
): { rows: CsvRow[]; header: RowError[] } {
  const header: RowError[] = [];
  const [head, ...body] = records;
  if (!head) {
    header.push({ line: 1, field: '', code: 'CSV_EMPTY', message: 'the file has no header row' });
    return { rows: [], header };
  }
  const columns = head.fields.map((c) => c.trim().toLowerCase());
  const seen = new Set<string>();
  for (const c of columns) {
    if (!ALL_COLUMNS.has(c))
      header.push({
        line: 1,
        field: c,
        code: 'CSV_UNKNOWN_COLUMN',
        message: `unknown column "${c}"`,
      });
    else if (seen.has(c))
      header.push({
        line: 1,
        field: c,
        code: 'CSV_DUPLICATE_COLUMN',
        message: `column "${c}" appears twice`,
      });
    seen.add(c);
  }
  if (!seen.has('type'))
    header.push({
      line: 1,
      field: 'type',
      code: 'CSV_MISSING_COLUMN',
      message: 'the header needs a "type" column',
    });
  if (header.length > 0) return { rows: [], header };

  const ids = new Map<string, number>();
  const rows = body.map((record): CsvRow => {
    const errors: RowError[] = [];
    const err = (field: string, code: string, message: string) =>
      errors.push({ line: record.line, field, code, message });
    const cell: Record<string, string> = {};
    if (record.fields.length !== columns.length)
      err(
        '',
        'CSV_COLUMN_COUNT',
        `${record.fields.length} fields where the header has ${columns.length}`,
      );
    columns.forEach((c, k) => {
      const v = (record.fields[k] ?? '').trim();
      if (v !== '') cell[c] = v;
    });
    const id = cell.id ?? `row-${record.line}`;
    if (id.length > MAX_ID) err('id', 'ID_TOO_LONG', `an id has at most ${MAX_ID} characters`);
    const earlier = ids.get(id);
    if (earlier !== undefined)
      err('id', 'ID_DUPLICATE', `the id "${id}" is also used on line ${earlier}`);
    else ids.set(id, record.line);
    const idempotencyKey = `csv:${createHash('sha256').update(`${batch}\u0000${id}`).digest('hex')}`;
    const type = cell.type?.toLowerCase();
    if (type !== 'vaccination' && type !== 'test' && type !== 'recovery') {
      err('type', 'ROW_TYPE_UNKNOWN', 'type must be vaccination, test or recovery');
      return { line: record.line, id, idempotencyKey, errors };
    }
    const allowed = new Set<string>(['type', 'id', ...HOLDER, ...TYPE_COLUMNS[type]]);
    const entry: Record<string, unknown> = {};
    for (const [c, v] of Object.entries(cell)) {
      if (!allowed.has(c)) {
        err(c, 'FIELD_NOT_FOR_TYPE', `a ${type} row leaves "${c}" empty`);
        continue;
      }
      if ((HOLDER as readonly string[]).includes(c) || c === 'type' || c === 'id') continue;
      if (INTEGER_COLUMNS.has(c)) {
        if (!/^\d{1,2}$/.test(v)) err(c, 'FIELD_NOT_INTEGER', 'must be a whole number (1-99)');
        else entry[c] = Number(v);
      } else entry[c] = v;
    }
    const nam: Record<string, string> = {};
    for (const c of ['fn', 'fnt', 'gn', 'gnt'] as const)
      if (cell[c] !== undefined) nam[c] = cell[c];
    const payload: Record<string, unknown> = { nam };
    if (cell.dob !== undefined) payload.dob = cell.dob;
    payload[type === 'vaccination' ? 'v' : type === 'test' ? 't' : 'r'] = [entry];
    return { line: record.line, id, idempotencyKey, request: { type, payload }, errors };
  });
  return { rows, header };
}

/** Maps a JSON pointer of an issuance error (`/payload/v/0/mp`) to the CSV column (`mp`). */
export function columnOf(pointer: string): string {
  const parts = pointer.split('/').filter(Boolean);
  if (parts[0] === 'type') return 'type';
  if (parts[0] !== 'payload') return '';
  if (parts[1] === 'nam') return parts[2] ?? 'fnt';
  if (parts[1] === 'dob') return 'dob';
  if (parts[1] === 'v' || parts[1] === 't' || parts[1] === 'r') return parts[3] ?? '';
  return '';
}

/** Checks every row with the node's issuance validation (schema, value sets, dates, expiry). */
export function validateRows(node: IssuanceNode, rows: CsvRow[], now: Date): void {
  for (const row of rows) {
    if (!row.request || row.errors.length > 0) continue;
    try {
      prepareCertificate(node, row.request, now);
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      const errors =
        error.errors.length > 0
          ? error.errors
          : [{ path: '', code: error.code, message: error.detail }];
      for (const e of errors)
        row.errors.push({
          line: row.line,
          field: columnOf(e.path),
          code: e.code,
          message: e.message,
        });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------------------------

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

const ACCOUNT = 'cli-bulk';

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

/** The results file's header. */
export const RESULTS_HEADER = 'line,id,status,uci,hc1,error_code,error_message';

function resultLine(
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

/** Invalid rows that an earlier run already issued are not held against this run. */
async function forgiveIssued(database: Database, rows: CsvRow[]): Promise<void> {
  const invalid = rows.filter(
    (r) => r.request && r.errors.length > 0 && !r.errors.some((e) => e.code.startsWith('ID_')),
  );
  for (let k = 0; k < invalid.length; k += 500) {
    const chunk = invalid.slice(k, k + 500);
    const hashes = chunk.map((r) => idempotencyKeyHash(ACCOUNT, r.idempotencyKey));
    const found = await database.db
      .selectFrom('issued_certificates')
      .select('idempotency_key_hash')
      .where('idempotency_key_hash', 'in', hashes)
      .execute();
    const known = new Set(found.map((f) => Buffer.from(f.idempotency_key_hash!).toString('hex')));
    chunk.forEach((r, j) => {
      if (known.has(Buffer.from(hashes[j]!).toString('hex'))) r.errors = [];
    });
  }
}

/** The ISO name used as default `is` for the demonstration countries. */
function issuerName(country: string): string {
  return (
    {
      CN: 'National Health Commission (demo)',
      KR: 'Korea Disease Control and Prevention Agency (demo)',
    }[country] ?? `Ministry of Health ${country}`
  );
}

/** `--valuesets DIR`, else the EU value sets among the test vectors, else none (with a warning). */
async function loadValueSets(
  dir: string | undefined,
  _log: (l: string) => void,
): Promise<readonly EuValueSet[]> {
  // Without --valuesets: the EU value sets Corridor ships (never the test vectors).
  if (dir === undefined) return euValueSets();
  const folder = dir;
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    throw unreadableFile('--valuesets', folder, error);
  }
  const sets: EuValueSet[] = [];
  for (const name of names) {
    const parsed = parseEuValueSet(await readFile(path.join(folder, name), 'utf8'));
    if (parsed.ok) sets.push(parsed.value);
  }
  return sets;
}

/**
 * The node's signing key, DSC and secret, in the layout `corridor start` uses: the key store
 * `<data>/<cc>/keys` (passphrase `CORRIDOR_KEY_PASSPHRASE`, else `<data>/dev-passphrase`),
 * keys created when missing; the node secret `<data>/<cc>/node-secret` (or
 * `CORRIDOR_NODE_SECRET`, base64 or hex, ≥ 32 bytes).
 */
async function loadNode(
  dataDir: string,
  nodeDir: string,
  config: { country: string; issuerName: string; valueSets: readonly EuValueSet[] },
  log: (l: string) => void,
): Promise<IssuanceNode> {
  const passphrase =
    process.env.CORRIDOR_KEY_PASSPHRASE ?? (await secretFile(path.join(dataDir, 'dev-passphrase')));
  const store = new FileKeyStore({ dir: path.join(nodeDir, 'keys'), passphrase });
  const label = `dsc-${config.country.toLowerCase()}-1`;
  let dsc: { label: string; certificate: string; privateKey: CryptoKey };
  if (await store.exists(label)) {
    const record = await store.describe(label);
    dsc = {
      label,
      certificate: String(record.metadata.certificate),
      privateKey: (await store.get(label)).privateKey,
    };
  } else {
    log(`creating the ${config.country} node's keys in ${path.join(nodeDir, 'keys')}`);
    const keys = await ensureNodeKeys(store, config.country, new Date());
    dsc = { label, certificate: keys.dsc.pem, privateKey: keys.dsc.keys.privateKey };
  }
  let nodeSecret: Uint8Array;
  try {
    nodeSecret = await readNodeSecret(nodeDir);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return createIssuanceNode({ ...config, dscs: [dsc], nodeSecret });
}

/**
 * The results CSV, written to `<file>.partial` as rows complete (in row order, one write per
 * batch) and renamed to `<file>` once the run is complete. A killed run leaves a usable
 * partial file; the next run rebuilds the whole file from the database (idempotent replays).
 */
class ResultsFile {
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
class Progress {
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
