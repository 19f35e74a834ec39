import type { CheckpointDecision } from '@corridor/core/lanes';
import { type Lang, localizeFinding } from '@corridor/core/report';
import type { TrustBundle } from '@corridor/core/trust';
import { useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { countryName } from '../../shared/country-name.js';
import { OutcomeIcon } from '../../shared/layout/OutcomeIcon.js';
import type { TrustWarning } from '../../shared/trust/trust-state.js';
import type { Outcome } from './decide.js';
import { addLaneItem, type LaneItems, removeLaneCredential } from './lane-items.js';
import {
  defaultJourney,
  type Journey,
  journeyChoices,
  type LaneCheckpoint,
  ruleOutcomes,
  type Station,
  shownDecision,
  withPort,
} from './lane-journey.js';
import { trustWarningText } from './TrustWarnings.js';

export type { LaneCheckpoint } from './lane-journey.js';

const OUTCOME: Record<CheckpointDecision['decision'], Outcome> = {
  admit: 'valid',
  refuse: 'invalid',
  refer: 'unverifiable',
};

/** `YYYY-MM-DDTHH:MM` in UTC, the value of a `datetime-local` field read as UTC. */
export function utcMinuteValue(at: Date): string {
  return at.toISOString().slice(0, 16);
}

/** The destination the pass was issued for (whose rules apply). */
function passDestination(decision: CheckpointDecision): string | undefined {
  const credential = decision.pass.credential;
  return credential?.format === 'entry-pass' ? credential.pass?.destination : undefined;
}

/** The name on the pass: the passport's script, and the MRZ transliteration when it differs. */
function passHolder(decision: CheckpointDecision): { name: string; dob: string } | undefined {
  const credential = decision.pass.credential;
  if (credential?.format !== 'entry-pass' || !credential.pass) return undefined;
  const h = credential.pass.holder;
  const latin = [h.primaryIdentifier, h.secondaryIdentifier]
    .map((s) => s.replace(/</g, ' ').trim())
    .filter(Boolean)
    .join(' ');
  const printed = [h.familyName, h.givenName].filter(Boolean).join('');
  return { name: printed ? `${printed} (${latin})` : latin, dob: h.dateOfBirth };
}

/** Code of the reason shown when an admission is referred because of the device clock. */
export const CLOCK_REFER_CODE = 'DEVICE_CLOCK_SUSPECT';

/**
 * The lane checkpoint (boarding or arrival) of the scanner: what was scanned for one traveller
 * (the entry pass, the health certificates, the passport MRZ, shown as present or missing, never
 * their content), the journey (origin, destination and at arrival the port of entry, from the
 * station's setup and the lanes in force), the scheduled departure, and one decision taken in
 * the page by core's `decideCheckpoint` (the function `corridor check` uses) from the trust
 * bundle on the device, with the destination's CertLogic rules from the bundle: colour, word
 * and icon, the holder's name and date of birth from the pass, every reason and every failed
 * destination rule in the officer's language, and at arrival the protocol to apply. An
 * admission while the device clock is suspect is shown as a referral, with the clock's warning.
 * Nothing is stored.
 */
export function LanePanel({
  checkpoint,
  bundle,
  station,
  clock,
  items,
  onItems,
  onDecided,
  now,
}: {
  checkpoint: LaneCheckpoint;
  bundle: TrustBundle | undefined;
  /** The station's setup: its country, and at an arrival border its port of entry. */
  station: Station;
  /** The trust warning that makes the device clock suspect, if any. */
  clock: TrustWarning | undefined;
  items: LaneItems;
  onItems: (items: LaneItems) => void;
  /**
   * Called with the decision and the decision shown (to announce it and count the check), or
   * `undefined` when cleared.
   */
  onDecided: (
    decision: CheckpointDecision | undefined,
    shown?: CheckpointDecision['decision'],
  ) => void;
  now: () => Date;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [departure, setDeparture] = useState(() => utcMinuteValue(now()));
  const [decision, setDecision] = useState<CheckpointDecision>();
  const [decidedJourney, setDecidedJourney] = useState<Journey>();
  const choices = useMemo(() => journeyChoices(bundle, now()), [bundle, now]);
  const [picked, setPicked] = useState<Journey>();
  const journey = picked ?? defaultJourney(choices, station, checkpoint);
  const choice =
    journey &&
    choices.find((c) => c.origin === journey.origin && c.destination === journey.destination);
  const [busy, setBusy] = useState(false);
  const [mrzText, setMrzText] = useState('');

  /** The items with the MRZ typed in the field (if any) added. */
  const withTypedMrz = (): LaneItems => {
    if (!mrzText.trim()) return items;
    const { mrzLine1: _, ...rest } = items;
    return addLaneItem(rest, mrzText.replace(/\n/g, '|'));
  };

  const typedMrz = () => {
    if (!mrzText.trim()) return;
    onItems(withTypedMrz());
    setMrzText('');
  };

  const decideNow = async () => {
    if (!bundle || busy) return;
    const current = withTypedMrz();
    if (current !== items) {
      onItems(current);
      setMrzText('');
    }
    setBusy(true);
    try {
      // Loaded on demand: the plain certificate check never needs the lane code.
      const { decideCheckpoint } = await import('@corridor/core/lanes');
      const scheduled = new Date(`${departure}:00Z`);
      const at = now();
      const result = await decideCheckpoint({
        pass: current.pass ?? '',
        credentials: current.credentials,
        ...(current.mrz ? { mrz: current.mrz } : {}),
        trust: bundle,
        checkpoint,
        scheduledDeparture: Number.isNaN(scheduled.getTime()) ? at : scheduled,
        at,
        lang,
        ...(journey ? { journey } : {}),
        // The destinations' rules the bundle carries (each set checked against its country's
        // authority when the bundle opened); core applies them where the lane asks for them.
        rules: bundle.rules(),
      });
      setDecision(result);
      setDecidedJourney(journey);
      onDecided(result, shownDecision(result, clock).decision);
    } finally {
      setBusy(false);
    }
  };

  const next = () => {
    setDecision(undefined);
    setDecidedJourney(undefined);
    setMrzText('');
    onItems({ credentials: [] });
    onDecided(undefined);
  };

  const shown = decision && shownDecision(decision, clock);
  const outcome = shown ? OUTCOME[shown.decision] : undefined;
  const holder = decision && passHolder(decision);
  const protocol = decision?.arrivalProtocol;
  const rules = decision && ruleOutcomes(decision);
  const journeyText = (j: Journey) =>
    t(j.port ? 'lane.journeyPort' : 'lane.journeyValue', {
      origin: countryName(j.origin, lang),
      destination: countryName(j.destination, lang),
      port: j.port ?? '',
    });
  return (
    <section className="lane-panel" aria-labelledby="lane-heading">
      <h2 id="lane-heading">
        {t('lane.heading', { checkpoint: t(`scanner.modes.${checkpoint}`) })}
      </h2>
      {decision && shown && outcome && (
        <section
          className={`decision decision-${outcome}`}
          aria-labelledby="lane-decision-word"
          data-outcome={outcome}
          data-decision={shown.decision}
          data-core-decision={decision.decision}
        >
          <div className="decision-banner">
            <OutcomeIcon outcome={outcome} />
            <p className="decision-word" id="lane-decision-word">
              {t(`lane.decisions.${shown.decision}`)}
            </p>
          </div>
          <div className="decision-body">
            <dl className="facts">
              {holder && (
                <>
                  <dt>{t('decision.name')}</dt>
                  <dd className="holder-name">{holder.name}</dd>
                  <dt>{t('decision.dob')}</dt>
                  <dd>{holder.dob}</dd>
                </>
              )}
              {decision.lane && (
                <>
                  <dt>{t('lane.lane')}</dt>
                  <dd>{t('lane.laneVersion', decision.lane)}</dd>
                </>
              )}
              {decidedJourney && (
                <>
                  <dt>{t('lane.journey')}</dt>
                  <dd data-testid="decided-journey">{journeyText(decidedJourney)}</dd>
                </>
              )}
            </dl>
            <h3>{t('decision.reasons')}</h3>
            <ul className="reasons">
              {shown.clockReferred && clock && (
                <li data-code={CLOCK_REFER_CODE} data-severity="warning">
                  {t('lane.clockRefer', { warning: trustWarningText(clock, t, lang) })}
                </li>
              )}
              {decision.reasons.map((f, i) => (
                <li key={`${f.code}-${i}`} data-code={f.code} data-severity={f.severity}>
                  {localizeFinding(f, lang).message}
                </li>
              ))}
            </ul>
            {rules && decision.credentials.length > 0 && (
              <>
                <h3>
                  {t('lane.rules', {
                    country: countryName(
                      passDestination(decision) ?? decidedJourney?.destination ?? '',
                      lang,
                    ),
                  })}
                </h3>
                <ul className="reasons" data-testid="lane-rules" data-applied={rules.applied}>
                  {rules.failed.map((r, i) => (
                    <li
                      key={`${r.rule}-${i}`}
                      data-code={r.finding.code}
                      data-rule={r.rule}
                      data-severity={r.finding.severity}
                    >
                      {t('lane.ruleFailed', {
                        n: r.index,
                        message: localizeFinding(r.finding, lang).message,
                      })}
                    </li>
                  ))}
                  {rules.failed.length === 0 && (
                    <li>
                      {rules.applied > 0
                        ? t('lane.rulesMet', { count: rules.applied })
                        : t('lane.rulesNotApplied')}
                    </li>
                  )}
                </ul>
              </>
            )}
            {checkpoint === 'arrival' && protocol && (
              <>
                <h3>{t('lane.protocol')}</h3>
                <ul data-testid="arrival-protocol">
                  <li>
                    {protocol.test
                      ? t('lane.protocolTest', { type: protocol.testType ?? '' })
                      : t('lane.protocolNoTest')}
                  </li>
                  <li>{t('lane.holdHours', { hours: protocol.holdHours })}</li>
                  <li>{t('lane.monitoring', { days: protocol.monitoringDays })}</li>
                </ul>
              </>
            )}
            <div className="actions">
              <Button className="react-aria-Button large" onPress={next} data-action="next">
                {t('decision.next')}
              </Button>
            </div>
          </div>
        </section>
      )}

      <p className="muted">{t('lane.scanHint')}</p>
      <ul className="lane-items" data-testid="lane-items">
        <li data-item="pass" data-present={items.pass ? 'yes' : 'no'}>
          <span aria-hidden="true">{items.pass ? '✓' : '○'}</span>{' '}
          {items.pass ? t('lane.passScanned') : t('lane.passMissing')}
        </li>
        <li data-item="mrz" data-present={items.mrz ? 'yes' : items.mrzLine1 ? 'half' : 'no'}>
          <span aria-hidden="true">{items.mrz ? '✓' : '○'}</span>{' '}
          {items.mrz
            ? t('lane.mrzRead')
            : items.mrzLine1
              ? t('lane.mrzHalf')
              : t('lane.mrzMissing')}
        </li>
        <li data-item="credentials" data-count={items.credentials.length}>
          <span aria-hidden="true">{items.credentials.length ? '✓' : '○'}</span>{' '}
          {t('lane.credentials', { count: items.credentials.length })}
          {items.credentials.length > 0 && (
            <ul>
              {items.credentials.map((c, i) => (
                <li key={c}>
                  {t('lane.credential', { n: i + 1, kind: c.split(':')[0]?.slice(0, 8) ?? '' })}{' '}
                  <Button
                    className="react-aria-Button secondary"
                    onPress={() => onItems(removeLaneCredential(items, i))}
                  >
                    {t('lane.remove', { n: i + 1 })}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </li>
      </ul>

      <div className="field">
        <label htmlFor="lane-mrz">{t('lane.mrzLabel')}</label>
        <textarea
          id="lane-mrz"
          rows={2}
          cols={46}
          className="mrz-input"
          value={mrzText}
          onChange={(e) => setMrzText(e.target.value)}
          onBlur={typedMrz}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          aria-describedby="lane-mrz-note"
          data-testid="lane-mrz"
        />
        <span className="hint" id="lane-mrz-note">
          {t('lane.mrzNote')}
        </span>
      </div>
      <fieldset className="lane-journey" aria-describedby="lane-journey-note">
        <legend>{t('lane.journey')}</legend>
        {journey && choices.length > 0 ? (
          <>
            <div className="field">
              <label htmlFor="lane-journey">{t('lane.journeyLabel')}</label>
              <select
                id="lane-journey"
                className="native-select"
                value={`${journey.origin}-${journey.destination}`}
                onChange={(e) => {
                  const next = choices.find((c) => c.key === e.target.value);
                  if (next) setPicked(withPort(next, checkpoint, station.port));
                }}
                data-testid="lane-journey"
              >
                {choices.map((c) => (
                  <option key={c.key} value={c.key}>
                    {t('lane.journeyOption', {
                      origin: countryName(c.origin, lang),
                      destination: countryName(c.destination, lang),
                    })}
                  </option>
                ))}
              </select>
            </div>
            {checkpoint === 'arrival' && choice && journey.port && (
              <div className="field">
                <label htmlFor="lane-port">{t('lane.portLabel')}</label>
                <select
                  id="lane-port"
                  className="native-select"
                  value={journey.port}
                  onChange={(e) => setPicked({ ...journey, port: e.target.value })}
                  data-testid="lane-port"
                >
                  {choice.ports.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </>
        ) : (
          <p>{t('lane.noJourney')}</p>
        )}
        <span className="hint" id="lane-journey-note">
          {t('lane.journeyNote', { station: countryName(station.country, lang) })}
        </span>
      </fieldset>
      <div className="field">
        <label htmlFor="lane-departure">{t('lane.departure')}</label>
        <input
          id="lane-departure"
          type="datetime-local"
          value={departure}
          onChange={(e) => setDeparture(e.target.value)}
          data-testid="lane-departure"
        />
      </div>
      <div className="actions">
        <Button
          className="react-aria-Button large"
          onPress={() => void decideNow()}
          isDisabled={!bundle || busy}
          data-action="decide"
        >
          {t('lane.decide')}
        </Button>
        <Button className="react-aria-Button secondary" onPress={next}>
          {t('lane.clear')}
        </Button>
      </div>
    </section>
  );
}
