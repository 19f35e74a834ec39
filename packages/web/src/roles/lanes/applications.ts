import type { Answer, lanesApi } from '../../shared/staff/lanes-api.js';

/** An application as the lanes API shows it (no personal data): the route's own answer type. */
export type LaneApplication = Answer<
  Awaited<ReturnType<typeof lanesApi.lanes.applications.$get>>
>['applications'][number];

/** Reason codes an authority refuses with (the API takes any `^[A-Z0-9_-]{1,64}$`). */
export const REFUSAL_CODES = [
  'DOCUMENTS_INCOMPLETE',
  'ELIGIBILITY_NOT_MET',
  'QUOTA_EXHAUSTED',
  'SECURITY_REVIEW',
  'OTHER',
] as const;
