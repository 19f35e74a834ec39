/** An application as the lanes API shows it (no personal data). */
export interface LaneApplication {
  id: string;
  lane: { id: string; version: number };
  sponsor: string;
  origin: string;
  destination: string;
  category: string;
  region: string;
  port: string;
  arrivalDate: string;
  state: 'submitted' | 'approved' | 'refused' | 'withdrawn' | 'pass-issued' | 'revoked';
  submittedAt: string;
  decidedAt: string | null;
  reason: { code: string; text: string | null } | null;
}

/** Reason codes an authority refuses with (the API takes any `^[A-Z0-9_-]{1,64}$`). */
export const REFUSAL_CODES = [
  'DOCUMENTS_INCOMPLETE',
  'ELIGIBILITY_NOT_MET',
  'QUOTA_EXHAUSTED',
  'SECURITY_REVIEW',
  'OTHER',
] as const;
