import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createIssuanceNode, euValueSets } from '@corridor/server/issuance';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeTemp } from '../../test/helpers.js';
import { parseCsv } from './issue-csv.js';
import { csvRows, validateRows } from './issue-rows.js';
import { sampleCsv } from './issue-sample.js';

/** Every validation error of `csv` when issued at `at` by a node of `country`. */
async function errorsAt(csv: string, at: Date, country = 'CN') {
  const node = await createIssuanceNode({
    country,
    issuerName: 'Sample ministry',
    valueSets: euValueSets(),
    dscs: [],
    nodeSecret: randomBytes(32),
  });
  const { rows, header } = csvRows(parseCsv(csv), 'sample.csv');
  validateRows(node, rows, at);
  return [...header, ...rows.flatMap((r) => r.errors)].map((e) => `${e.line} ${e.field} ${e.code}`);
}

describe('corridor issue --sample', () => {
  // Days far apart, a leap day and a year's end: the sample is valid whenever it is written.
  const days = [
    '2026-12-06T20:00:00Z',
    '2028-02-29T00:10:00Z',
    '2031-12-31T23:59:59Z',
    '2045-07-01T12:00:00Z',
  ];
  it.each(days)('writes seven rows that all pass validation at %s', async (day) => {
    const at = new Date(day);
    const csv = sampleCsv(at);
    expect(await errorsAt(csv, at)).toEqual([]);
    const types = csvRows(parseCsv(csv), 's').rows.map((r) => r.request?.type);
    expect(types).toEqual([
      'vaccination',
      'vaccination',
      'vaccination',
      'test',
      'test',
      'recovery',
      'recovery',
    ]);
  });

  it('a sample written once ages out: its test rows fail three days later', async () => {
    const at = new Date(days[0]!);
    const later = new Date(at.getTime() + 4 * 24 * 3_600_000);
    expect(await errorsAt(sampleCsv(at), later)).toEqual([
      '5 sc ALREADY_EXPIRED',
      '6 sc ALREADY_EXPIRED',
    ]);
  });

  it('issues for --country', async () => {
    const at = new Date(days[0]!);
    const csv = sampleCsv(at, 'KR');
    expect(csv).toContain('kr-2026-000001');
    expect(await errorsAt(csv, at, 'KR')).toEqual([]);
  });

  it('has the columns and rows of examples/issue-sample.csv, which it regenerates', () => {
    const example = readFileSync(
      new URL('../../examples/issue-sample.csv', import.meta.url),
      'utf8',
    );
    const shape = (csv: string) => {
      const records = parseCsv(csv);
      return records.map((r) => [r.fields.length, r.fields[0], r.fields[1], r.fields[2]]);
    };
    expect(shape(example)).toEqual(shape(sampleCsv(new Date('2026-12-06T00:00:00Z'))));
  });

  it('passes its dry run through the binary today', async () => {
    const made = await runCli(['issue', '--sample']);
    expect(made.code).toBe(0);
    const file = writeTemp(tempDir(), 'sample.csv', made.stdout);
    const dry = await runCli(['issue', '--csv', file, '--dry-run']);
    expect(dry.stderr).toContain('7 rows, 0 invalid');
    expect(dry.code).toBe(0);
  });
});
