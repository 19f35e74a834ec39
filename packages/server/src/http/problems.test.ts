import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBLEMS } from './problems.js';
import { problemsMarkdown } from './problems-doc.js';

describe('the HTTP problem catalogue', () => {
  it('is what docs/problems.md says (regenerate: npx corridor problems > docs/problems.md)', () => {
    const doc = readFileSync(new URL('../../../../docs/problems.md', import.meta.url), 'utf8');
    expect(doc).toBe(problemsMarkdown());
  });

  it('gives every code at least one status in the 4xx/5xx range and a meaning', () => {
    for (const [code, def] of Object.entries(PROBLEMS)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(def.statuses.length, code).toBeGreaterThan(0);
      for (const s of def.statuses) expect(s >= 400 && s < 600, `${code} ${s}`).toBe(true);
      expect(def.meaning.length, code).toBeGreaterThan(10);
    }
  });
});
