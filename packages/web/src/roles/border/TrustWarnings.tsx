import type { Lang } from '@corridor/core/report';
import { makeFinding } from '@corridor/core/report';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { humanDuration } from '../../shared/duration.js';
import type { TrustWarning } from '../../shared/trust/trust-state.js';

function formatInstant(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** One warning about the scanner's trust or clock, worded for the officer in `lang`. */
export function trustWarningText(w: TrustWarning, t: TFunction, lang: Lang): string {
  if (w.kind === 'bundle') return makeFinding(w.code, lang, w.params).message;
  if (w.kind === 'near-expiry')
    return t('trust.nearExpiry', { when: formatInstant(w.expiresAt, lang) });
  if (w.kind === 'clock-differs')
    return t(w.seconds > 0 ? 'trust.clockAhead' : 'trust.clockBehind', {
      duration: humanDuration(w.seconds, lang),
    });
  return t(`trust.${w.kind}`);
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
        const text = trustWarningText(w, t, lang);
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
