import type { Report, StepName } from '@corridor/core/report/report';

/**
 * The three answers a border officer can get. `unverifiable` is not the traveller's fault: the
 * device has no usable trust (no bundle, an expired one, a clock set before it), so the code
 * could not be checked and the officer must use another procedure.
 */
export type Outcome = 'valid' | 'invalid' | 'unverifiable';

/** Findings that describe the verifier's trust, not the traveller's certificate. */
const TRUST_STATE_CODES: ReadonlySet<string> = new Set([
  'BUNDLE_EXPIRED',
  'BUNDLE_CLOCK_BEFORE_ISSUE',
  'BUNDLE_MALFORMED',
  'BUNDLE_SIGNATURE_INVALID',
  'BUNDLE_ROLLBACK',
  'BUNDLE_TOO_LARGE',
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
 * otherwise invalid.
 */
export function decide(report: Report | undefined): Outcome {
  if (!report) return 'unverifiable';
  if (report.status === 'valid') return 'valid';
  const errors = report.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0 && errors.every((f) => TRUST_STATE_CODES.has(f.code)))
    return 'unverifiable';
  return 'invalid';
}
