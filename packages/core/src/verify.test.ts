import { describe, expect, it } from 'vitest';
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
