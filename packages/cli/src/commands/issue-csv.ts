// CSV text (RFC 4180) for bulk issuance: reading the input file and quoting the results file.

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
