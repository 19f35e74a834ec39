import type { Lang } from '@corridor/core/report';
import { makeFinding } from '@corridor/core/report';
import { useTranslation } from 'react-i18next';
import type { TrustWarning } from '../../shared/trust/trust-state.js';

function formatInstant(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** The warnings about the scanner's trust and clock, worded for the officer. */
export function TrustWarnings({ warnings }: { warnings: readonly TrustWarning[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  if (warnings.length === 0) return null;
  return (
    <div className="trust-warnings">
      {warnings.map((w) => {
        const key = w.kind === 'bundle' ? w.code : w.kind;
        let text: string;
        if (w.kind === 'bundle') text = makeFinding(w.code, lang, w.params).message;
        else if (w.kind === 'near-expiry')
          text = t('trust.nearExpiry', { when: formatInstant(w.expiresAt, lang) });
        else if (w.kind === 'clock-differs')
          text = t(w.seconds > 0 ? 'trust.clockAhead' : 'trust.clockBehind', {
            minutes: Math.max(1, Math.round(Math.abs(w.seconds) / 60)),
          });
        else text = t(`trust.${w.kind}`);
        const info = w.kind === 'offline';
        return (
          <p
            key={key}
            className={info ? 'notice info' : 'notice'}
            data-warning={key}
            role={info ? undefined : 'alert'}
          >
            <strong>{t(info ? 'trust.noteTitle' : 'trust.warningTitle')}</strong> {text}
          </p>
        );
      })}
    </div>
  );
}
