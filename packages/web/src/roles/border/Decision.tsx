import type { Lang, Report } from '@corridor/core/report';
import { localizeFinding } from '@corridor/core/report';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { countryName } from '../../shared/country-name.js';
import { OutcomeIcon } from '../../shared/layout/OutcomeIcon.js';
import { type Outcome, SHOWN_STEPS } from './decide.js';

/** The holder's name as printed, with the ICAO transliteration when it differs. */
export function holderName(report: Report): string | undefined {
  const h = report.credential?.holder;
  if (!h) return undefined;
  const printed = [h.familyName, h.givenName].filter(Boolean).join(' ');
  const latin = [h.familyNameTransliterated, h.givenNameTransliterated].filter(Boolean).join(' ');
  if (!printed) return latin || undefined;
  return latin && latin !== printed ? `${printed} (${latin})` : printed;
}

/**
 * The decision: colour, icon and words together, big enough to read at arm's length. Shows only
 * what the officer needs: name, date of birth, what was checked, and the reasons in the
 * officer's language. Announced through the scanner's live region, not here.
 */
export function Decision({
  outcome,
  report,
  onNext,
}: {
  outcome: Outcome;
  report: Report | undefined;
  onNext: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const findings = (report?.findings ?? []).map((f) => localizeFinding(f, lang));
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const name = report && holderName(report);
  const credential = report?.credential;
  return (
    <section
      className={`decision decision-${outcome}`}
      aria-labelledby="decision-heading"
      data-outcome={outcome}
    >
      <div className="decision-banner">
        <OutcomeIcon outcome={outcome} />
        <h2 id="decision-heading" className="decision-word">
          {t(`decision.${outcome}`)}
        </h2>
      </div>
      <div className="decision-body">
        {!report && <p>{t('decision.noTrust')}</p>}
        {report && (
          <dl className="facts">
            {name && (
              <>
                <dt>{t('decision.name')}</dt>
                <dd className="holder-name">{name}</dd>
              </>
            )}
            {credential?.holder?.dateOfBirth && (
              <>
                <dt>{t('decision.dob')}</dt>
                <dd>{credential.holder.dateOfBirth}</dd>
              </>
            )}
            {credential?.type && (
              <>
                <dt>{t('decision.type')}</dt>
                <dd>
                  {t(`certificate.type.${credential.type}`)}
                  {credential.issuer ? ` · ${countryName(credential.issuer, lang)}` : ''}
                </dd>
              </>
            )}
          </dl>
        )}
        {errors.length + warnings.length > 0 && (
          <>
            <h3>{t('decision.reasons')}</h3>
            <ul className="reasons">
              {[...errors, ...warnings].map((f, i) => (
                <li key={`${f.code}-${i}`} data-code={f.code} data-severity={f.severity}>
                  {f.message}
                </li>
              ))}
            </ul>
          </>
        )}
        {report && (
          <>
            <h3>{t('decision.checked')}</h3>
            <ul className="checks">
              {SHOWN_STEPS.filter((step) => report.steps[step]).map((step) => (
                <li key={step} data-step={step} data-result={report.steps[step]}>
                  <span aria-hidden="true">
                    {report.steps[step] === 'passed'
                      ? '✓'
                      : report.steps[step] === 'failed'
                        ? '✗'
                        : '–'}
                  </span>{' '}
                  {t(`steps.${step}`)}: {t(`stepResult.${report.steps[step]}`)}
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="actions">
          <Button className="react-aria-Button large" onPress={onNext} data-action="next">
            {t('decision.next')}
          </Button>
        </div>
      </div>
    </section>
  );
}
