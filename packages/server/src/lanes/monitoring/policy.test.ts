import { MONITORING_TEXTS } from '@corridor/core/i18n';
import { describe, expect, it } from 'vitest';
import { ESCALATION_DEADLINE_HOURS, missedAt, monitoringDay, SYMPTOMS } from './policy.js';

describe('monitoring policy', () => {
  it('names every symptom, temperature band and escalation kind in en, zh and ko', () => {
    const keys = [
      ...SYMPTOMS,
      'normal',
      'elevated',
      'fever',
      ...Object.keys(ESCALATION_DEADLINE_HOURS),
    ];
    for (const key of keys) expect(Object.keys(MONITORING_TEXTS), key).toContain(key);
  });

  it('counts monitoring days from the release and misses a day two hours after it ends', () => {
    const released = new Date('2021-03-09T10:00:00Z');
    expect(monitoringDay(released, new Date('2021-03-09T09:59:59.999Z'))).toBe(0);
    expect(monitoringDay(released, released)).toBe(1);
    expect(monitoringDay(released, new Date('2021-03-10T09:59:59.999Z'))).toBe(1);
    expect(monitoringDay(released, new Date('2021-03-10T10:00:00Z'))).toBe(2);
    expect(missedAt(released, 1)).toEqual(new Date('2021-03-10T12:00:00Z'));
  });
});
