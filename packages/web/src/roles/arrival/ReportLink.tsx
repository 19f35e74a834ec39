import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { reportPath } from '../monitoring/report-token.js';
import { utcMinute } from './arrivals.js';

/**
 * The traveller's daily report link of a release, or a replacement the local authority made
 * (`passId` given), shown once (the node keeps only the token's hash). The token rides in the
 * fragment: it never reaches a server log.
 */
export function ReportLink({
  monitoring,
  passId,
}: {
  monitoring: { reportToken: string; days?: number; endsAt?: string };
  passId?: string;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const link = `${location.origin}${reportPath(monitoring.reportToken)}`;
  return (
    <section className="notice info report-link" aria-labelledby="report-title">
      <h2 id="report-title">
        {passId ? t('monitoring.newLinkTitle', { pass: passId }) : t('lab.reportTitle')}
      </h2>
      <p role="alert">
        <strong>{t('lab.reportWarning')}</strong>
      </p>
      {monitoring.days !== undefined && monitoring.endsAt && (
        <p>
          {t('lab.monitoringDays', { days: monitoring.days, until: utcMinute(monitoring.endsAt) })}
        </p>
      )}
      <label className="field">
        <span>{t('lab.reportLink')}</span>
        <input
          readOnly
          value={link}
          className="report-link-text"
          onFocus={(e) => e.target.select()}
        />
      </label>
      <div className="actions">
        <Button
          className="react-aria-Button"
          onPress={async () => {
            // Only said when the browser took it (the field stays selectable otherwise).
            await navigator.clipboard?.writeText(link).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {t('lab.copy')}
        </Button>
        {copied && <span role="status">{t('lab.copied')}</span>}
      </div>
    </section>
  );
}
