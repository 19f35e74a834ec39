import type { Lang, Report } from '@corridor/core/report';
import { localizeFinding } from '@corridor/core/report';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { countryName } from '../../shared/country-name.js';
import { type Outcome, SHOWN_STEPS } from './decide.js';

/** The icon of each outcome: a shape, not only a colour, so the answer survives colour blindness. */
function OutcomeIcon({ outcome }: { outcome: Outcome }) {
  const common = { width: 72, height: 72, viewBox: '0 0 72 72', focusable: false } as const;
  if (outcome === 'valid')
    return (
      <svg aria-hidden="true" {...common}>
        <circle cx="36" cy="36" r="34" fill="currentColor" opacity="0.2" />
        <path
          d="M18 37 L31 50 L55 22"
          fill="none"
          stroke="currentColor"
          strokeWidth="8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    );
  if (outcome === 'invalid')
    return (
      <svg aria-hidden="true" {...common}>
        <circle cx="36" cy="36" r="34" fill="currentColor" opacity="0.2" />
        <path
          d="M22 22 L50 50 M50 22 L22 50"
          fill="none"
          stroke="currentColor"
          strokeWidth="8"
          strokeLinecap="round"
        />
      </svg>
    );
  return (
    <svg aria-hidden="true" {...common}>
      <path
        d="M36 4 L70 66 H2 Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="6"
        strokeLinejoin="round"
      />
      <path d="M36 26 V44" stroke="currentColor" strokeWidth="7" strokeLinecap="round" />
      <circle cx="36" cy="55" r="4.5" fill="currentColor" />
    </svg>
  );
}

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
