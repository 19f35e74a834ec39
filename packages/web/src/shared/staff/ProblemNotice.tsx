import { useTranslation } from 'react-i18next';
import type { ApiProblem } from './api.js';

/** Codes the app explains in words; any other shows its code after a general sentence. */
const KNOWN = new Set([
  'NETWORK',
  'LOGIN_FAILED',
  'LOGIN_THROTTLED',
  'SESSION_INVALID',
  'CSRF_FAILED',
  'SCOPE_MISSING',
  'TOKEN_MISSING',
  'NOT_FOUND',
  'ALREADY_REVOKED',
  'REQUEST_INVALID',
  'LANE_TRUST_UNAVAILABLE',
  'LANE_ARRIVAL_SITE_MISSING',
  'LANE_PASS_ALREADY_USED',
  'LANE_RESULT_CERTIFICATE_INVALID',
  'LANE_RESULT_NOT_A_TEST',
  'LANE_RESULT_UNKNOWN',
  'LANE_RESULT_HOLDER_MISMATCH',
  'LANE_RESULT_SAMPLE_BEFORE_ARRIVAL',
  'ARRIVAL_STATE_CONFLICT',
  'ESCALATION_ALREADY_ACKNOWLEDGED',
  'ESCALATION_NOT_FOUND',
  'ESCALATION_ALREADY_RESOLVED',
  'MONITORING_LINK_INVALID',
  'MONITORING_NOT_FOUND',
  'MONITORING_CLOSED',
  'MONITORING_REPORT_EXISTS',
  'MONITORING_REPORT_INVALID',
  'PREVENTION_PLAN_INVALID',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'PREVENTION_PLAN_NOT_FOUND',
  'APPLICATION_STATE_CONFLICT',
]);

/** A refusal of the node, announced, in the reader's language, with the fields it names. */
export function ProblemNotice({ problem }: { problem: ApiProblem }) {
  const { t } = useTranslation();
  const known = KNOWN.has(problem.code);
  return (
    <div className="notice" role="alert">
      <p>
        {known
          ? t(`staff.problems.${problem.code}`)
          : t('staff.problems.other', { code: problem.code })}
      </p>
      {problem.errors.length > 0 && (
        <ul className="field-problems">
          {problem.errors.map((e) => (
            <li key={`${e.path}:${e.code}`}>
              <code>{e.path}</code> {e.code}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
