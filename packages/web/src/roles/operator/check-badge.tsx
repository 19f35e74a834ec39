import {
  FINDING_TABLES,
  type FindingDefinition,
  type FindingParams,
  findingFrom,
  type Lang,
} from '@corridor/core/report';
import { useTranslation } from 'react-i18next';
import type { Check } from './checks.js';

// The operator console's shared pieces: a code's sentence, the UTC time, the check badge.

/** A code and its parameters, as the page explains them. */
export type Coded = { code: string; params?: Record<string, unknown> };

/** The sentence for a code: core's finding message where core has one, else the console's. */
export function useReason() {
  const { t, i18n } = useTranslation();
  return ({ code, params }: Coded): string => {
    const lang = (['en', 'zh', 'ko'].includes(i18n.language) ? i18n.language : 'en') as Lang;
    const table = Object.values(FINDING_TABLES).find((t) => code in t) as
      | Record<string, FindingDefinition>
      | undefined;
    if (table) return findingFrom(table, code, lang, params as FindingParams).message;
    if (i18n.exists(`operator.codes.${code}`))
      return t(`operator.codes.${code}`, params as Record<string, string>);
    return t('operator.codes.other');
  };
}

/** `YYYY-MM-DD HH:MM UTC`: the same in every language, never the device's time zone. */
export function when(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Verified or not, in colour, icon and words; a refusal names its code and explains it. */
export function CheckBadge({ check }: { check: Check }) {
  const { t } = useTranslation();
  const reason = useReason();
  if (check.ok)
    return (
      <span className="check check-ok" data-check="verified">
        <span aria-hidden="true">✔ </span>
        {t('operator.verified')}
      </span>
    );
  return (
    <span className="check check-bad" data-check="not-verified" data-code={check.code}>
      <span className="check-word">
        <span aria-hidden="true">✘ </span>
        {t('operator.notVerified')}
      </span>{' '}
      <code>{check.code}</code>
      <span className="check-reason">{reason(check)}</span>
    </span>
  );
}
