import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findingsMarkdown } from './findings.js';

describe('docs/findings.md', () => {
  it('is the current output of `corridor findings --markdown`', () => {
    const doc = readFileSync(new URL('../../../../docs/findings.md', import.meta.url), 'utf8');
    expect(doc).toBe(findingsMarkdown());
  });
});
