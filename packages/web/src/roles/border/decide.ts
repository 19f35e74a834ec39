import type { Report, StepName } from '@corridor/core/report';
import type { Outcome } from '../../shared/layout/outcome.js';

export type { Outcome } from '../../shared/layout/outcome.js';

/** Findings that describe the verifier's trust, not the traveller's certificate. */
const TRUST_STATE_CODES: ReadonlySet<string> = new Set([
  'BUNDLE_EXPIRED',
  'BUNDLE_CLOCK_BEFORE_ISSUE',
  'BUNDLE_MALFORMED',
  'BUNDLE_SIGNATURE_INVALID',
  'BUNDLE_ROLLBACK',
  'BUNDLE_TOO_LARGE',
]);

/**
 * Findings that depend on the device clock, meaningless when the clock is known to be wrong:
 * the certificate's own dates, and the recognition agreement (it is in force for a period).
 */
const CLOCK_DEPENDENT_CODES: ReadonlySet<string> = new Set([
  'CWT_EXPIRED',
  'CWT_NOT_YET_VALID',
  'NO_RECOGNITION_AGREEMENT',
]);

/** The checks an officer is shown, in the order they happen. */
export const SHOWN_STEPS: readonly StepName[] = [
  'signature',
  'trust',
  'validity',
  'key-usage',
  'revocation',
  'recognition',
  'schema',
];

/**
 * The officer's answer from a verification report. Valid only when the report is valid;
 * unverifiable when every error is about the device's trust (or there is no trust at all);
 * otherwise invalid. When the device clock is known to be wrong (`clockSuspect`: earlier than
 * the bundle, or far from the server's), date failures cannot be trusted either: a certificate
 * that fails only on dates is unverifiable, not invalid.
 */
export function decide(
  report: Report | undefined,
  options: { clockSuspect?: boolean } = {},
): Outcome {
  if (!report) return 'unverifiable';
  if (report.status === 'valid') return 'valid';
  const clockSuspect =
    options.clockSuspect === true ||
    report.findings.some((f) => f.code === 'BUNDLE_CLOCK_BEFORE_ISSUE');
  const decisive = report.findings.filter(
    (f) =>
      f.severity === 'error' &&
      !TRUST_STATE_CODES.has(f.code) &&
      !(clockSuspect && CLOCK_DEPENDENT_CODES.has(f.code)),
  );
  return decisive.length === 0 ? 'unverifiable' : 'invalid';
}
