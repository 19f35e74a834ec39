import { describe, expect, it } from 'vitest';
import { type CsvError, csvField, parseCsv } from './issue-csv.js';
import { columnOf, csvRows } from './issue-rows.js';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, escaped quotes and line breaks, CRLF and a BOM', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n\r\nplain,,end';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
      { line: 5, fields: ['plain', '', 'end'] },
    ]);
  });

  it('refuses an unterminated quote, a stray quote, a too long field and too many rows', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as CsvError).code;
      }
      return 'none';
    };
    expect(code(() => parseCsv('a\n"open'))).toBe('CSV_QUOTE_UNTERMINATED');
    expect(code(() => parseCsv('a\nx"y'))).toBe('CSV_QUOTE_MISPLACED');
    expect(code(() => parseCsv('a\n"x"y'))).toBe('CSV_QUOTE_MISPLACED');
    expect(code(() => parseCsv(`a\n${'x'.repeat(20)}`, { maxField: 10 }))).toBe(
      'CSV_FIELD_TOO_LONG',
    );
    expect(code(() => parseCsv('a\n1\n2\n3', { maxRecords: 3 }))).toBe('CSV_TOO_MANY_ROWS');
  });

  it('quotes output fields only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
  });
});

describe('csvRows', () => {
  const header = 'id,type,fn,fnt,gn,gnt,dob,tg,vp,mp,ma,dn,sd,dt,tt,co';
  it('builds a request per row and derives a stable idempotency key from batch and id', () => {
    const records = parseCsv(
      `${header}\nA1,vaccination,Kim,KIM,Min,MIN,1980-01-01,840539006,J07BX03,X,Y,2,2,2026-01-01,,KR\n,vaccination,Lee,LEE,,,1990,840539006,J07BX03,X,Y,1,2,2026-01-01,,`,
    );
    const { rows, header: problems } = csvRows(records, 'batch.csv');
    expect(problems).toEqual([]);
    expect(rows[0]!.request).toEqual({
      type: 'vaccination',
      payload: {
        nam: { fn: 'Kim', fnt: 'KIM', gn: 'Min', gnt: 'MIN' },
        dob: '1980-01-01',
        v: [
          {
            tg: '840539006',
            vp: 'J07BX03',
            mp: 'X',
            ma: 'Y',
            dn: 2,
            sd: 2,
            dt: '2026-01-01',
            co: 'KR',
          },
        ],
      },
    });
    expect(rows[1]!.id).toBe('row-3');
    expect(rows[0]!.idempotencyKey).toBe(csvRows(records, 'batch.csv').rows[0]!.idempotencyKey);
    expect(rows[0]!.idempotencyKey).not.toBe(csvRows(records, 'other.csv').rows[0]!.idempotencyKey);
  });

  it('reports unknown columns, wrong types, fields of another type, bad numbers and duplicate ids', () => {
    expect(csvRows(parseCsv('type,colour\n'), 'b').header.map((e) => e.code)).toEqual([
      'CSV_UNKNOWN_COLUMN',
    ]);
    const { rows } = csvRows(
      parseCsv(`${header}\nA,vaccine,,,,,,,,,,,,,,\nA,vaccination,,,,,,,,,,x,,,LP6464-4,`),
      'b',
    );
    expect(rows[0]!.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [2, 'type', 'ROW_TYPE_UNKNOWN'],
    ]);
    expect(rows[1]!.errors.map((e) => [e.field, e.code])).toEqual([
      ['id', 'ID_DUPLICATE'],
      ['dn', 'FIELD_NOT_INTEGER'],
      ['tt', 'FIELD_NOT_FOR_TYPE'],
    ]);
  });

  it('maps issuance error pointers to CSV columns', () => {
    expect(columnOf('/payload/v/0/mp')).toBe('mp');
    expect(columnOf('/payload/nam/fnt')).toBe('fnt');
    expect(columnOf('/payload/dob')).toBe('dob');
  });
});
