import { describe, expect, it } from 'vitest';
import { LANGS } from '../report/finding.js';
import { LABEL_TABLES } from './labels.js';

describe('the one en/zh/ko label module', () => {
  it('has every key in all three languages, non-empty, with the same placeholders', () => {
    let count = 0;
    for (const [table, labels] of Object.entries(LABEL_TABLES)) {
      for (const [key, label] of Object.entries(labels)) {
        const placeholders = (text: string) =>
          [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        for (const lang of LANGS) {
          const text = (label as Record<string, string>)[lang];
          expect(typeof text === 'string' && text.trim() !== '', `${table}.${key}.${lang}`).toBe(
            true,
          );
          expect(placeholders(text!), `${table}.${key}.${lang}`).toEqual(placeholders(label.en));
        }
        count++;
      }
    }
    expect(count).toBeGreaterThan(80);
  });
});
