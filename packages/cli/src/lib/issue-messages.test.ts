import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainIssueError, ISSUE_REPORT_TEXT } from './issue-messages.js';

const sources = ['../commands/issue.ts', '../../../server/src/issuance/request.ts'].map((f) =>
  readFileSync(new URL(f, import.meta.url), 'utf8'),
);

describe('bulk-issuance report texts', () => {
  it('explain every code the CSV reader and the issuance validation report, in zh and ko', () => {
    const codes = new Set<string>();
    for (const source of sources) {
      for (const m of source.matchAll(/(?:code: |err\([^,]+, |new CsvError\()'([A-Z][A-Z_]+)'/g))
        codes.add(m[1]!);
    }
    for (const rule of [
      'required',
      'type',
      'pattern',
      'format',
      'maxLength',
      'minimum',
      'minItems',
      'maxItems',
      'oneOf',
      'anyOf',
    ]) {
      codes.add(`DCC_SCHEMA_${rule.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`);
    }
    expect(codes.size).toBeGreaterThan(20);
    for (const code of codes) {
      expect(ISSUE_REPORT_TEXT[code], code).toBeDefined();
      expect(ISSUE_REPORT_TEXT[code]!.zh).toMatch(/\p{Script=Han}/u);
      expect(ISSUE_REPORT_TEXT[code]!.ko).toMatch(/\p{Script=Hangul}/u);
    }
  });

  it('keeps the English detail behind the translation', () => {
    expect(explainIssueError('DCC_SCHEMA_REQUIRED', '"dob" is required', 'zh')).toBe(
      '缺少必填字段。 ("dob" is required)',
    );
    expect(explainIssueError('DCC_SCHEMA_REQUIRED', '"dob" is required', 'en')).toBe(
      '"dob" is required',
    );
    expect(explainIssueError('SOMETHING_NEW', 'detail', 'ko')).toBe('detail');
  });
});
