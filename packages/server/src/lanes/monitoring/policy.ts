import { MONITORING_SYMPTOMS } from '@corridor/core/lanes';
import type { EscalationKind } from './schema.js';

/** Symptom codes a daily report may name (core's list; labels in core's `MONITORING_TEXTS`). */
export const SYMPTOMS = MONITORING_SYMPTOMS;
/** One of {@link SYMPTOMS}. */
export type Symptom = (typeof SYMPTOMS)[number];

const HOUR = 3_600_000;
/** One monitoring day: day `d` (from 1) is `[release + (d−1)·24 h, release + d·24 h)`. */
export const DAY_MS = 24 * HOUR;
/** After its day ends, a day without a report becomes a missed report this much later. */
export const MISSED_REPORT_GRACE_MS = 2 * HOUR;
/** Days monitoring data is kept after the period ends, unless the node says otherwise. */
export const DEFAULT_MONITORING_GRACE_DAYS = 30;

/**
 * Hours the local monitoring authority has to act on an escalation, counted from the moment it
 * arose (the report, or the end of a missed day's grace): a positive test in 2 hours, a close
 * contact in 4, symptoms in 12, a missed report or a location outside the itinerary in 24.
 */
export const ESCALATION_DEADLINE_HOURS: Record<EscalationKind, number> = {
  'positive-test': 2,
  'close-contact': 4,
  symptoms: 12,
  'missed-report': 24,
  'outside-itinerary': 24,
};

/** When an escalation of `kind` that arose at `at` must be acted on. */
export function escalationDue(kind: EscalationKind, at: Date): Date {
  return new Date(at.getTime() + ESCALATION_DEADLINE_HOURS[kind] * HOUR);
}

/** The monitoring day `at` falls in (1-based; 0 or less before release, beyond `days` after). */
export function monitoringDay(releasedAt: Date, at: Date): number {
  return Math.floor((at.getTime() - releasedAt.getTime()) / DAY_MS) + 1;
}

/** When day `day` counts as missed if no report came. */
export function missedAt(releasedAt: Date, day: number): Date {
  return new Date(releasedAt.getTime() + day * DAY_MS + MISSED_REPORT_GRACE_MS);
}
