import { describe, expect, it } from 'vitest';
import { humanDuration } from '../src/shared/duration.js';

// The device-clock warning's duration (it once read "3021249 分钟"): minutes under an hour,
// hours under two days, days under a year, then years, with each language's own wording.

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

describe('a clock difference as a person says it', () => {
  it('picks the unit and counts whole units down, at least one minute', () => {
    const en = (s: number) => humanDuration(s, 'en');
    expect(en(5)).toBe('1 minute');
    expect(en(90)).toBe('1 minute');
    expect(en(59 * MIN + 59)).toBe('59 minutes');
    expect(en(HOUR)).toBe('1 hour');
    expect(en(47 * HOUR + 59 * MIN)).toBe('47 hours');
    expect(en(2 * DAY)).toBe('2 days');
    expect(en(364 * DAY)).toBe('364 days');
    expect(en(3_021_249 * MIN)).toBe('5.7 years');
    expect(en(12 * 365.25 * DAY)).toBe('12 years');
    // Ahead or behind: the same length.
    expect(en(-3 * DAY)).toBe('3 days');
  });

  it('words it naturally in Chinese and Korean', () => {
    expect(humanDuration(3 * DAY, 'zh')).toBe('3天');
    expect(humanDuration(3 * DAY, 'ko')).toBe('3일');
    expect(humanDuration(5 * HOUR, 'zh')).toBe('5小时');
    expect(humanDuration(5 * HOUR, 'ko')).toBe('5시간');
    expect(humanDuration(3_021_249 * MIN, 'zh')).toBe('5.7年');
    expect(humanDuration(3_021_249 * MIN, 'ko')).toBe('5.7년');
    expect(humanDuration(1, 'zh')).toBe('1分钟');
  });
});
