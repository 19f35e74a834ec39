import type { Report } from '@corridor/core/report';
import { makeFinding } from '@corridor/core/report';
import { describe, expect, it } from 'vitest';
import { decide } from '../src/roles/border/decide.js';
import { readAnchors } from '../src/shared/trust/anchors.js';
import { createCorridorFixture } from '../test-support/corridor-fixture.js';

// The officer's answer from a report, and the anchors the app trusts bundles with (no browser).

function report(codes: string[]): Report {
  const findings = codes.map((code) =>
    makeFinding(code as Parameters<typeof makeFinding>[0], 'en', {
      at: 'x',
      issued: 'y',
      expired: 'z',
      version: 1,
    }),
  );
  return {
    status: findings.some((f) => f.severity === 'error') ? 'invalid' : 'valid',
    at: '2026-12-06T00:00:00Z',
    lang: 'en',
    findings,
    steps: {},
  };
}

describe('decide (the scanner decision)', () => {
  it('valid only for a valid report; no report (no trust) cannot be verified', () => {
    expect(decide(report([]))).toBe('valid');
    expect(decide(undefined)).toBe('unverifiable');
  });

  it('a certificate problem is "not valid"; a trust problem alone is "cannot verify"', () => {
    expect(decide(report(['COSE_SIGNATURE_INVALID']))).toBe('invalid');
    expect(decide(report(['BUNDLE_EXPIRED']))).toBe('unverifiable');
    expect(decide(report(['BUNDLE_EXPIRED', 'COSE_SIGNATURE_INVALID']))).toBe('invalid');
  });

  it('with a clock known to be wrong, date and agreement failures cannot be trusted, a bad signature still can', () => {
    expect(decide(report(['CWT_EXPIRED']))).toBe('invalid');
    expect(decide(report(['CWT_EXPIRED']), { clockSuspect: true })).toBe('unverifiable');
    expect(
      decide(
        report(['BUNDLE_CLOCK_BEFORE_ISSUE', 'CWT_NOT_YET_VALID', 'NO_RECOGNITION_AGREEMENT']),
      ),
    ).toBe('unverifiable');
    expect(decide(report(['BUNDLE_CLOCK_BEFORE_ISSUE', 'COSE_SIGNATURE_INVALID']))).toBe('invalid');
  });
});

describe('readAnchors (the gateway keys the app is configured with)', () => {
  it('reads a PEM public key (as corridor start writes anchor.pem) and a PEM certificate, and skips junk', async () => {
    const fixture = await createCorridorFixture(new Date('2026-12-01T00:00:00Z'));
    const dscPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(fixture.dsc('CN')).toString('base64')}\n-----END CERTIFICATE-----\n`;
    const keys = await readAnchors([
      fixture.anchorPem,
      dscPem,
      'not a pem',
      '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
    ]);
    expect(keys.map((k) => k.alg)).toEqual(['ES256', 'ES256']);
    expect(keys.every((k) => k.kid.length === 8)).toBe(true);
    expect(Buffer.from(keys[0]!.kid).equals(Buffer.from(keys[1]!.kid))).toBe(false);
  });
});
