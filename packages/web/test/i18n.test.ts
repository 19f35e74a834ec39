import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The app's en/zh/ko message files: every key in every language (with the plural forms each
// language needs), and every key the code uses exists.

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const LANGS = ['en', 'zh', 'ko'] as const;
// The app's messages and the staff pages' and operator console's own (loaded with those
// pages: `i18n/staff/`, `i18n/operator/`).
const read = (file: string) =>
  JSON.parse(readFileSync(path.join(SRC, 'shared/i18n', file), 'utf8')) as Record<string, unknown>;
const messages = Object.fromEntries(
  LANGS.map((lang) => [
    lang,
    { ...read(`${lang}.json`), ...read(`staff/${lang}.json`), ...read(`operator/${lang}.json`) },
  ]),
) as Record<(typeof LANGS)[number], Record<string, unknown>>;

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof v === 'string') out.set(full, v);
    else for (const [k, s] of flatten(v, full)) out.set(k, s);
  }
  return out;
}

const flat = Object.fromEntries(LANGS.map((lang) => [lang, flatten(messages[lang])])) as Record<
  (typeof LANGS)[number],
  Map<string, string>
>;

/** Keys with plural suffixes folded onto their base (`count_one` → `count`). */
function baseKeys(keys: Iterable<string>): Set<string> {
  return new Set([...keys].map((k) => k.replace(PLURAL, '')));
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) sourceFiles(file, out);
    else if (/\.tsx?$/.test(name)) out.push(file);
  }
  return out;
}

describe('app messages (en, zh, ko)', () => {
  it('every language has exactly the keys English has', () => {
    const english = [...baseKeys(flat.en.keys())].sort();
    for (const lang of LANGS)
      expect([...baseKeys(flat[lang].keys())].sort(), lang).toEqual(english);
  });

  it('every plural key has the forms its language needs (Intl.PluralRules)', () => {
    for (const lang of LANGS) {
      const plurals = [...flat[lang].keys()].filter((k) => PLURAL.test(k));
      const bases = baseKeys(plurals);
      const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const base of bases) {
        for (const category of needed)
          expect(flat[lang].has(`${base}_${category}`), `${lang} ${base}_${category}`).toBe(true);
      }
    }
  });

  it('every message keeps the placeholders of the English one, and none is empty', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, english] of flat.en) {
      const base = key.replace(PLURAL, '');
      for (const lang of LANGS) {
        const text = flat[lang].get(key) ?? flat[lang].get(`${base}_other`);
        expect(text, `${lang} ${key}`).toBeTruthy();
        expect(placeholders(text!), `${lang} ${key}`).toEqual(placeholders(english));
      }
    }
  });

  it('every key the code names literally exists in English (so in every language)', () => {
    const known = baseKeys(flat.en.keys());
    const used = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });

  it('Chinese and Korean messages are translated, not English copies', () => {
    const same = (lang: 'zh' | 'ko') =>
      [...flat[lang]]
        .filter(([key, text]) => flat.en.get(key) === text && /[a-z]{3}/.test(text))
        .map(([k]) => k);
    expect(same('zh')).toEqual([]);
    expect(same('ko')).toEqual([]);
  });
});
