/** How the FHIR bundle's names become the ICAO machine-readable form. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { icaoTransliteration } from './read-bundle.js';

/** The rule as written in its documentation, step by step. */
function model(name: string): string | undefined {
  if (!/^[A-Za-z .'-]+$/.test(name)) return undefined;
  const t = name
    .toUpperCase()
    .replace(/['.]/g, '')
    .replace(/[ -]+/g, '<')
    .replace(/^<+|<+$/g, '');
  return t.length > 0 && t.length <= 80 ? t : undefined;
}

describe('icaoTransliteration', () => {
  it('upper-cases plain letters, drops apostrophes and full stops, joins parts with one <', () => {
    expect(icaoTransliteration('Anyperson')).toBe('ANYPERSON');
    expect(icaoTransliteration('John B.')).toBe('JOHN<B');
    expect(icaoTransliteration("O'Neil - Smith")).toBe('ONEIL<SMITH');
    expect(icaoTransliteration(' -Obi-Wan- ')).toBe('OBI<WAN');
  });

  it('gives none for other characters, for nothing left, or beyond 80 characters', () => {
    expect(icaoTransliteration('Zoë')).toBeUndefined();
    expect(icaoTransliteration('李')).toBeUndefined();
    expect(icaoTransliteration("'. -")).toBeUndefined();
    expect(icaoTransliteration('')).toBeUndefined();
    expect(icaoTransliteration('a'.repeat(80))).toBe('A'.repeat(80));
    expect(icaoTransliteration('a'.repeat(81))).toBeUndefined();
    expect(icaoTransliteration(`${'a'.repeat(80)}.`)).toBe('A'.repeat(80));
  });

  it('agrees with the rule step by step on any mix of letters, separators and others', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', 'Z', 'q', ' ', '-', "'", '.', 'é', '1', '<', '\t'),
          maxLength: 90,
        }),
        (name) => {
          expect(icaoTransliteration(name)).toBe(model(name));
        },
      ),
      { seed: 0x1ca0, numRuns: 3000 },
    );
  });
});
