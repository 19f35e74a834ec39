import { useTranslation } from 'react-i18next';
import { type Outcome, OutcomeIcon } from '../../shared/layout/OutcomeIcon.js';
import { type LaneCheck, utcMinute } from './arrivals.js';
import { ReportLink } from './ReportLink.js';

const OUTCOME: Record<LaneCheck['decision'], Outcome> = {
  admit: 'valid',
  refuse: 'invalid',
  refer: 'unverifiable',
};

/**
 * The node's checkpoint decision, large (colour, word and icon), announced to screen readers,
 * with every reason in the answer's language; at arrival, the arrival protocol and the hold.
 */
export function CheckDecision({ answer }: { answer: LaneCheck }) {
  const { t } = useTranslation();
  const outcome = OUTCOME[answer.decision];
  const protocol = answer.arrivalProtocol;
  const arrival = answer.arrival;
  return (
    <section className={`decision decision-${outcome}`} aria-labelledby="check-decision">
      <div className="decision-banner" role="status" aria-live="assertive">
        <OutcomeIcon outcome={outcome} />
        {/* A heading, as on the scanner: the reasons and the protocol below are its h3s. */}
        <h2 className="decision-word" id="check-decision">
          {t(`desk.decisions.${answer.decision}`)}
        </h2>
      </div>
      <div className="decision-body">
        <h3>{t('desk.reasons')}</h3>
        <ul className="check-reasons" lang={answer.lang}>
          {answer.reasons.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a code may repeat for several credentials
            <li key={`${r.code}-${i}`}>
              {r.message} <code>{r.code}</code>
            </li>
          ))}
        </ul>
        {answer.checkpoint === 'arrival' && protocol && (
          <>
            <h3>{t('desk.protocol')}</h3>
            <ul>
              <li>
                {protocol.test
                  ? t('desk.protocolTest', { type: protocol.testType ?? '' })
                  : t('desk.protocolNoTest')}
              </li>
              <li>
                {arrival
                  ? t('desk.hold', {
                      hours: protocol.holdHours,
                      until: utcMinute(arrival.holdUntil),
                    })
                  : t('desk.holdHours', { hours: protocol.holdHours })}
              </li>
              <li>{t('desk.monitoring', { days: protocol.monitoringDays })}</li>
              {arrival?.facility && <li>{t('desk.facility', { facility: arrival.facility })}</li>}
              {arrival && <li>{t('desk.lab', { lab: arrival.lab })}</li>}
            </ul>
          </>
        )}
        {arrival?.monitoring && <ReportLink monitoring={arrival.monitoring} />}
        <p className="muted">{t('desk.record', { id: answer.id })}</p>
      </div>
    </section>
  );
}
