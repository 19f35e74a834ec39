import type { CheckpointDecision } from '@corridor/core/lanes';
import type { TrustBundle } from '@corridor/core/trust';
import type { TrustWarning } from '../../shared/trust/trust-state.js';

/** A lane checkpoint of the scanner. */
export type LaneCheckpoint = 'boarding' | 'arrival';

/** One way through the lanes in force: the countries, and the ports of entry it serves. */
export interface JourneyChoice {
  /** `CN-KR`: the select's value. */
  key: string;
  origin: string;
  destination: string;
  ports: string[];
}

/** The journey a lane decision is taken for (core's `CheckpointInput.journey`). */
export interface Journey {
  origin: string;
  destination: string;
  /** At arrival: the port of entry of this checkpoint. */
  port?: string;
}

/** Where this scanner stands: the station's country and, at an arrival border, its port. */
export interface Station {
  country: string;
  port?: string;
}

/**
 * Every direction of the lane versions in force at `at` in the bundle (each lane by core's
 * `laneAt`, through the bundle), one per origin and destination, with the ports of entry of
 * every lane that serves it. Read from the bundle without the lane code, which the scanner
 * loads only to decide.
 */
export function journeyChoices(bundle: TrustBundle | undefined, at: Date): JourneyChoice[] {
  if (!bundle) return [];
  const byKey = new Map<string, JourneyChoice>();
  const ids = [...new Set(bundle.lanes().map((l) => l.id))];
  for (const id of ids) {
    const lane = bundle.laneAt(id, at);
    for (const d of lane?.directions ?? []) {
      const key = `${d.origin}-${d.destination}`;
      const choice = byKey.get(key) ?? {
        key,
        origin: d.origin,
        destination: d.destination,
        ports: [],
      };
      for (const p of d.ports) if (!choice.ports.includes(p)) choice.ports.push(p);
      byKey.set(key, choice);
    }
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * The journey a checkpoint starts with, from the station's setup: at arrival the direction
 * into the station's country (its configured port when the direction serves it, else the
 * direction's first port); at boarding the direction out of it. Falls back to the first
 * direction touching the country, then the first of all.
 */
export function defaultJourney(
  choices: readonly JourneyChoice[],
  station: Station,
  checkpoint: LaneCheckpoint,
): Journey | undefined {
  const c = station.country;
  const choice =
    choices.find((j) => (checkpoint === 'arrival' ? j.destination : j.origin) === c) ??
    choices.find((j) => j.origin === c || j.destination === c) ??
    choices[0];
  if (!choice) return undefined;
  return withPort(choice, checkpoint, station.port);
}

/** The journey of `choice`, with a port of entry at arrival (`port` when the choice serves it). */
export function withPort(
  choice: JourneyChoice,
  checkpoint: LaneCheckpoint,
  port?: string,
): Journey {
  const journey: Journey = { origin: choice.origin, destination: choice.destination };
  if (checkpoint !== 'arrival') return journey;
  const chosen = port && choice.ports.includes(port) ? port : choice.ports[0];
  return chosen ? { ...journey, port: chosen } : journey;
}

/** The trust warning that makes the device clock suspect, if any (as the plain check uses). */
export function clockSuspicion(warnings: readonly TrustWarning[]): TrustWarning | undefined {
  return warnings.find(
    (w) =>
      w.kind === 'clock-differs' || (w.kind === 'bundle' && w.code === 'BUNDLE_CLOCK_BEFORE_ISSUE'),
  );
}

/** A lane decision as the scanner shows it: core's, or a referral because of the clock. */
export type ShownLaneDecision = CheckpointDecision['decision'];

/**
 * What the officer is told: core's decision, except that an admission taken while the device
 * clock is suspect becomes a referral (the lane's windows, the pass's validity and the breaker
 * state all depend on the time). A refusal stands: it is shown with the clock warning beside it.
 */
export function shownDecision(
  decision: CheckpointDecision,
  clock: TrustWarning | undefined,
): { decision: ShownLaneDecision; clockReferred: boolean } {
  if (clock && decision.decision === 'admit') return { decision: 'refer', clockReferred: true };
  return { decision: decision.decision, clockReferred: false };
}

/**
 * The destination rules' failures in a decision: every `RULE_FAILED` / `RULE_OPEN` of every
 * health certificate, with the certificate's number, and how many rules were applied at all.
 */
export function ruleOutcomes(decision: CheckpointDecision): {
  applied: number;
  failed: { index: number; finding: CheckpointDecision['reasons'][number]; rule: string }[];
} {
  let applied = 0;
  const failed: ReturnType<typeof ruleOutcomes>['failed'] = [];
  decision.credentials.forEach((report, i) => {
    applied += report.rules?.length ?? 0;
    for (const f of report.findings)
      if (f.code === 'RULE_FAILED' || f.code === 'RULE_OPEN')
        failed.push({ index: i + 1, finding: f, rule: String(f.params?.identifier ?? '') });
  });
  return { applied, failed };
}
