import { describe, expect, it } from 'vitest';
import { luhnModN, newUci, uciProblem } from './uci.js';

describe('UCI', () => {
  it('computes the Luhn mod N check character of the published examples', () => {
    expect(luhnModN('URN:UVCI:01:NL:187/37512422923')).toBe('Z');
    expect(uciProblem('URN:UVCI:01:NL:187/37512422923#Z')).toBeUndefined();
  });

  it('refuses a wrong check character, another country and a malformed UCI', () => {
    expect(uciProblem('URN:UVCI:01:NL:187/37512422923#Y')).toMatch(/check character/);
    expect(uciProblem('URN:UVCI:01:NL:187/37512422923#Z', 'KR')).toMatch(/of KR/);
    expect(uciProblem('urn:uvci:01:NL:187#Z')).toMatch(/URN:UVCI/);
    expect(() => luhnModN('abc')).toThrow(RangeError);
  });

  it('generates unique, well-formed UCIs of at most 30 characters', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const uci = newUci('KR');
      expect(uciProblem(uci, 'KR')).toBeUndefined();
      expect(uci.length).toBeLessThanOrEqual(30);
      seen.add(uci);
    }
    expect(seen.size).toBe(500);
  });
});
