import { describe, expect, it } from 'vitest';
import { localizeFinding, makeFinding } from './catalog.js';
import { LANGS } from './finding.js';
import { FINDING_TABLES, FINDINGS } from './tables.js';

const placeholders = (template: string) =>
  [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('finding catalog', () => {
  it('defines every code exactly once across the module tables', () => {
    const all = Object.values(FINDING_TABLES).flatMap((table) => Object.keys(table));
    const duplicates = all.filter((code, i) => all.indexOf(code) !== i);
    expect(duplicates).toEqual([]);
    expect(Object.keys(FINDINGS)).toHaveLength(all.length);
  });

  it('uses stable UPPER_SNAKE codes and has a message in English, Chinese and Korean', () => {
    for (const [code, def] of Object.entries(FINDINGS)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/);
      for (const lang of LANGS)
        expect(def.messages[lang].trim().length, `${code} ${lang}`).toBeGreaterThan(3);
    }
  });

  it('uses the same placeholders in every language, so no translation drops a value', () => {
    for (const [code, def] of Object.entries(FINDINGS)) {
      const en = placeholders(def.messages.en);
      expect(placeholders(def.messages.zh), `${code} zh`).toEqual(en);
      expect(placeholders(def.messages.ko), `${code} ko`).toEqual(en);
    }
  });

  it('translations are in their script: Chinese messages hold Han characters, Korean ones Hangul', () => {
    for (const [code, def] of Object.entries(FINDINGS)) {
      expect(def.messages.zh, code).toMatch(/\p{Script=Han}/u);
      expect(def.messages.ko, code).toMatch(/\p{Script=Hangul}/u);
    }
  });

  it('renders and re-localises a finding with its parameters', () => {
    const f = makeFinding('CWT_EXPIRED', 'en', { exp: '2022-01-28T07:47:53Z' });
    expect(f).toMatchObject({ code: 'CWT_EXPIRED', layer: 'validity', severity: 'error' });
    expect(f.message).toBe('The certificate expired on 2022-01-28T07:47:53Z.');
    expect(localizeFinding(f, 'ko').message).toBe(
      '증명서가 2022-01-28T07:47:53Z에 만료되었습니다.',
    );
  });
});
