/** An arrival as the lanes API shows it (`GET /lanes/arrivals`, the sample and result answers). */
export interface LaneArrival {
  application: string;
  passId: string;
  port: string;
  arrivedAt: string;
  facility: string | null;
  lab: string;
  testType: string | null;
  holdHours: number;
  holdUntil: string;
  monitoringDays: number;
  state: 'awaiting-sample' | 'awaiting-result' | 'released' | 'positive';
  sampleAt: string | null;
  result: 'negative' | 'positive' | null;
  resultSource: 'lab' | 'hc1' | null;
  resultAt: string | null;
  /** Only in the answer that releases the traveller: shown once. */
  monitoring?: { reportToken: string; days: number; endsAt: string };
}

/** The answer of `POST /lanes/checks`. */
export interface LaneCheck {
  id: number;
  checkpoint: 'boarding' | 'arrival';
  decision: 'admit' | 'refuse' | 'refer';
  lang: string;
  reasons: { code: string; severity: string; message: string }[];
  passId: string | null;
  lane: { id: string; version: number } | null;
  arrivalProtocol: {
    test: boolean;
    testType?: string;
    holdHours: number;
    monitoringDays: number;
  } | null;
  arrival: LaneArrival | null;
}

/** An entry of the local authority's worklist (`GET /lanes/escalations`). */
export interface LaneEscalation {
  id: number;
  application: string;
  kind: 'positive' | 'late-result' | 'no-show';
  region: string;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

/** A time of the API as the officer reads it: UTC, to the minute (`2021-03-11 03:30 UTC`). */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
