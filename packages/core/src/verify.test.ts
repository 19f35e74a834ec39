import { describe, expect, it } from 'vitest';
import { isoSeconds } from './verify.js';

describe('isoSeconds', () => {
  it('matches Date#toISOString (without fractions) across centuries and leap days', () => {
    const samples = [
      0, 951782400, 951868799, 1614556800, 1622570400, 4102444800, 253402300799, 1709164800,
    ];
    for (let i = 0; i < 2000; i++) samples.push(Math.floor(Math.random() * 253402300799));
    for (const s of samples) {
      expect(isoSeconds(s)).toBe(new Date(s * 1000).toISOString().replace('.000Z', 'Z'));
    }
  });

  it('drops fractions of a second the way NumericDate readers expect', () => {
    expect(isoSeconds(1781542373.609)).toBe('2026-06-15T16:52:53Z');
  });
});
