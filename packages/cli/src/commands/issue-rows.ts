// Rows of a bulk-issuance CSV turned into issuance requests, with row-level errors.
import { createHash } from 'node:crypto';
import {
  HttpProblem,
  type IssuanceNode,
  type IssueRequest,
  prepareCertificate,
} from '@corridor/server/issuance';
import type { CsvRecord } from './issue-csv.js';

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
