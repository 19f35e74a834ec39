import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoMillis } from './lib/iso-time.js';
import type { TrustSource } from './trust/trust-list.js';
import { isoSeconds, verify, verifyCose } from './verify.js';

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

describe('isoMillis', () => {
  it('writes what Date#toISOString writes, in and beyond the years 0 to 9999', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -62167219200000, max: 253402300799999 }),
          fc.integer({ min: -8.64e15, max: 8.64e15 }),
          fc.constantFrom(0, -1, 951782400000, 951868799999, -62167219200000, 253402300799999),
        ),
        fc.boolean(),
        (ms, drop) => {
          const iso = new Date(ms).toISOString();
          expect(isoMillis(ms, drop)).toBe(drop ? iso.replace('.000Z', 'Z') : iso);
        },
      ),
      { seed: 0x150_71e, numRuns: 3000 },
    );
  });

  it('keeps a fraction of a second and drops only .000 when asked', () => {
    expect(isoMillis(1622570400250)).toBe('2021-06-01T18:00:00.250Z');
    expect(isoMillis(1622570400250, true)).toBe('2021-06-01T18:00:00.250Z');
    expect(isoMillis(1622570400007, true)).toBe('2021-06-01T18:00:00.007Z');
    expect(isoMillis(1622570400000)).toBe('2021-06-01T18:00:00.000Z');
    expect(isoMillis(1622570400000, true)).toBe('2021-06-01T18:00:00Z');
    expect(isoMillis(1622570400000.5)).toBe(new Date(1622570400000.5).toISOString());
  });
});

describe('verify() usage errors', () => {
  const trust: TrustSource = { lookup: () => [] };

  it('rejects (never throws synchronously) without a valid Date as `at`', async () => {
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = verify('HC1:NCF', { trust, at: new Date(Number.NaN) });
    }).not.toThrow();
    await expect(pending).rejects.toThrow(TypeError);
    await expect(
      verifyCose(new Uint8Array([0xd2]), { trust, at: 'now' as unknown as Date }),
    ).rejects.toThrow(/valid Date/);
  });

  it('rejects input that is not a string, and settles bad text as a report', async () => {
    await expect(verify(42 as unknown as string, { trust, at: new Date(0) })).rejects.toThrow(
      TypeError,
    );
    const report = await verify('HC1:%%%', { trust, at: new Date(0) });
    expect(report.status).toBe('invalid');
    expect(report.findings.map((f) => f.code)).toContain('HC1_BASE45_INVALID');
  });
});
