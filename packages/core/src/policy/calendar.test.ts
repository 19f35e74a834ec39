import { describe, expect, it } from 'vitest';
import type { Report } from '../report/report.js';
import { evaluatePolicy } from './evaluate.js';
import { parsePolicy } from './parse.js';
import type { Policy } from './types.js';

/** A 10:00 flight on 10 March 2021, Korean time (UTC+9). */
const DEPARTURE = new Date('2021-03-10T01:00:00Z');

function test(sc: string): Report {
  return {
    status: 'valid',
    at: DEPARTURE.toISOString(),
    lang: 'en',
    credential: {
      format: 'hcert',
      type: 'test',
      issuer: 'CN',
      dcc: { t: [{ tt: 'LP6464-4', tr: '260415000', sc }] },
    },
    findings: [],
    steps: { signature: 'passed' },
  };
}

const HOURS: Policy = { credential: 'test', maxAgeHours: 72 };
const KOREAN_DAYS: Policy = { credential: 'test', maxAgeCalendarDays: 3, timeZone: 'Asia/Seoul' };

describe('age windows in calendar days of a time zone', () => {
  it("admits a test from 00:30 on 7 March (Korean time) under Korea's rule, where 72 hours refuse it", () => {
    const early = test('2021-03-06T15:30:00Z'); // 7 March 00:30 KST, 81.5 h before departure
    const at = { at: DEPARTURE };
    expect(evaluatePolicy(KOREAN_DAYS, [early], at).satisfied).toBe(true);
    const hours = evaluatePolicy(HOURS, [early], at);
    expect(hours.satisfied).toBe(false);
    expect(hours.explanation.reasons).toEqual(['#1: 81.5 hours old, more than 72']);
  });

  it('refuses a test from 23:30 on 6 March (Korean time), and says so in every language', () => {
    const late = test('2021-03-06T14:30:00Z'); // 6 March 23:30 KST
    const en = evaluatePolicy(KOREAN_DAYS, [late], { at: DEPARTURE });
    expect(en.satisfied).toBe(false);
    expect(en.explanation.reasons).toEqual([
      '#1: dated 2021-03-06 (Asia/Seoul), more than 3 calendar days before 2021-03-10',
    ]);
    expect(en.explanation.text).toBe(
      'a test certificate (at most 3 calendar days old (Asia/Seoul))',
    );
    const zh = evaluatePolicy(KOREAN_DAYS, [late], { at: DEPARTURE, lang: 'zh' });
    expect(zh.explanation.reasons![0]).toContain('日历日');
    const ko = evaluatePolicy(KOREAN_DAYS, [late], { at: DEPARTURE, lang: 'ko' });
    expect(ko.explanation.reasons![0]).toContain('달력');
  });

  it('counts the day in the named zone, not in UTC', () => {
    // 6 March 15:30 UTC is already 7 March in Seoul but still 6 March in London.
    const sample = test('2021-03-06T15:30:00Z');
    const london: Policy = { credential: 'test', maxAgeCalendarDays: 3, timeZone: 'Europe/London' };
    expect(evaluatePolicy(london, [sample], { at: DEPARTURE }).satisfied).toBe(false);
  });

  it('counts ages to the scheduled departure when given, so a check at arrival judges the test as at boarding', () => {
    const sample = test('2021-03-07T03:00:00Z'); // 70 h before departure
    const arrival = new Date(DEPARTURE.getTime() + 14 * 3_600_000);
    expect(evaluatePolicy(HOURS, [sample], { at: arrival }).satisfied).toBe(false);
    expect(
      evaluatePolicy(HOURS, [sample], { at: arrival, ageReference: DEPARTURE }).satisfied,
    ).toBe(true);
  });

  it('never counts a test sampled after the scheduled departure', () => {
    const arrival = new Date(DEPARTURE.getTime() + 14 * 3_600_000);
    const after = test('2021-03-10T05:00:00Z');
    const d = evaluatePolicy(KOREAN_DAYS, [after], { at: arrival, ageReference: DEPARTURE });
    expect(d.satisfied).toBe(false);
    expect(d.explanation.reasons![0]).toContain('after the scheduled departure');
  });

  it('is refused by parsePolicy without a known time zone or with a fraction of a day', () => {
    const reason = (p: unknown) => {
      const r = parsePolicy(p);
      return r.ok ? 'ok' : String(r.params?.reason);
    };
    expect(reason(KOREAN_DAYS)).toBe('ok');
    expect(reason({ credential: 'test', maxAgeCalendarDays: 3 })).toContain('timeZone');
    expect(
      reason({ credential: 'test', maxAgeCalendarDays: 3, timeZone: 'Mars/Olympus' }),
    ).toContain('timeZone');
    expect(
      reason({ credential: 'test', maxAgeCalendarDays: 2.5, timeZone: 'Asia/Seoul' }),
    ).toContain('integer');
    expect(reason({ credential: 'test', timeZone: 'Asia/Seoul' })).toContain('integer');
    // The zone check is remembered (it is costly): asked again, each answer stays the same.
    for (let i = 0; i < 2; i++) {
      expect(reason(KOREAN_DAYS)).toBe('ok');
      expect(
        reason({ credential: 'test', maxAgeCalendarDays: 3, timeZone: 'Mars/Olympus' }),
      ).toContain('timeZone');
    }
  });
});
