import type { FindingParams } from '../../report/finding.js';
import { DAY_SECONDS } from '../indicators/calendar.js';
import type { BreakerCode } from './findings.js';
import { iso } from './machine.js';
import type { BreakerEpisode, BreakerState } from './state.js';

/** What the checkpoint knows about the pass (from its verified claims and the booking). */
export interface PassFacts {
  /** When the pass was issued (its CWT `iat`). */
  issuedAt: Date;
  /** The scheduled departure; at arrival, when unknown, the checkpoint instant stands in. */
  scheduledDeparture?: Date;
}

/** One reason of a grandfathering decision: a catalogue code and its parameters. */
export interface GrandfatherReason {
  code: BreakerCode;
  params: FindingParams;
  /** The breaker it concerns. */
  breaker?: string;
}

/** The answer: honoured or not, with every reason (errors for refusals, infos otherwise). */
export interface GrandfatherDecision {
  honoured: boolean;
  reasons: GrandfatherReason[];
}

const REFUSALS: ReadonlySet<BreakerCode> = new Set<BreakerCode>([
  'GRANDFATHER_ISSUED_AFTER_ANNOUNCEMENT',
  'GRANDFATHER_BOARDING_AFTER_GRACE',
  'GRANDFATHER_PASSES_CANCELLED',
  'GRANDFATHER_ISSUED_DURING_SUSPENSION',
]);

/**
 * Whether a pass is still good at a boarding or arrival checkpoint at `at`, given the lane's
 * breaker state (from the bundle; offline). For each suspension in force at `at` whose scope
 * reaches passes (`suspend-new-passes`, `suspend-entry`), the breaker's grandfathering policy
 * decides; a pass issued while new passes were suspended is never valid. An episode whose end
 * the state does not know yet (evaluated before it ended) counts as still in force: offline,
 * the safe assumption is that a suspension lasts until the verifier learns otherwise.
 *
 * @example
 * const d = grandfathered({ state, pass: { issuedAt, scheduledDeparture }, at: boardingTime });
 * if (!d.honoured) refuse(d.reasons.map((r) => makeFinding(r.code, lang, r.params)));
 */
export function grandfathered(input: {
  state: { breakers: readonly BreakerState[] };
  pass: PassFacts;
  at: Date;
}): GrandfatherDecision {
  const t = input.at.getTime();
  const issued = input.pass.issuedAt.getTime();
  const departure = (input.pass.scheduledDeparture ?? input.at).getTime();
  const reasons: GrandfatherReason[] = [];
  const add = (code: BreakerCode, e: BreakerEpisode, params: FindingParams = {}) =>
    reasons.push({ code, breaker: e.breaker, params: { breaker: e.breaker, ...params } });
  for (const b of input.state.breakers) {
    for (const e of b.episodes) {
      if (e.cancelledAt !== undefined) continue;
      const announced = Date.parse(e.announcedAt);
      const effective = Date.parse(e.effectiveAt);
      const end = e.endedAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(e.endedAt);
      const reachesPasses = e.scope !== 'pause-applications';
      const issuedDuring = reachesPasses && effective <= issued && issued < end;
      if (issuedDuring)
        add('GRANDFATHER_ISSUED_DURING_SUSPENSION', e, { effective: e.effectiveAt });
      if (t < effective || t >= end) continue;
      if (!reachesPasses) {
        add('GRANDFATHER_APPLICATIONS_ONLY', e);
        continue;
      }
      const g = e.grandfathering;
      if (g.policy === 'cancel') add('GRANDFATHER_PASSES_CANCELLED', e);
      else if (issuedDuring) continue;
      else if (issued >= announced)
        add('GRANDFATHER_ISSUED_AFTER_ANNOUNCEMENT', e, { announced: e.announcedAt });
      else if (g.policy === 'honour-issued-before-announcement')
        add('GRANDFATHER_ISSUED_BEFORE_ANNOUNCEMENT', e, { announced: e.announcedAt });
      else {
        const deadline = effective / 1000 + g.days * DAY_SECONDS;
        add(
          departure < deadline * 1000
            ? 'GRANDFATHER_BOARDING_WITHIN_GRACE'
            : 'GRANDFATHER_BOARDING_AFTER_GRACE',
          e,
          { deadline: iso(deadline) },
        );
      }
    }
  }
  if (reasons.length === 0) {
    reasons.push({
      code: 'GRANDFATHER_NOT_AFFECTED',
      params: { at: iso(Math.floor(t / 1000)) },
    });
  }
  return { honoured: !reasons.some((r) => REFUSALS.has(r.code)), reasons };
}
