import { useTranslation } from 'react-i18next';
import { CheckBadge, when } from './check-badge.js';
import type { ConsoleData } from './gateway-data.js';

/** The current head against the one this device kept from its last visit (`last-visit.ts`). */
export function LastVisitRow({ data }: { data: ConsoleData }) {
  const { t } = useTranslation();
  const v = data.lastVisit;
  return (
    <div className="fact-row">
      <dt>{t('operator.log.lastVisit')}</dt>
      <dd data-last-visit={v.state}>
        {v.state === 'first' ? (
          t('operator.log.lastVisitFirst')
        ) : (
          <>
            {v.from !== undefined &&
              `${t('operator.log.lastVisitValue', { from: v.from, to: v.to, seen: when(v.seenAt) })} `}
            <CheckBadge check={v.check} />
          </>
        )}
      </dd>
    </div>
  );
}

/** A log that shrank or forked since the last visit: said loudly, with its code. */
export function LastVisitWarning({ data }: { data: ConsoleData }) {
  const { t } = useTranslation();
  const v = data.lastVisit;
  if (v.state !== 'checked' || v.check.ok || v.check.code === 'TLOG_REMEMBERED_HEAD_INVALID')
    return null;
  return (
    <p className="notice" role="alert" data-code={v.check.code} data-testid="last-visit-warning">
      <strong>{t('operator.notVerified')}</strong>{' '}
      {t('operator.log.lastVisitWarning', { seen: when(v.seenAt) })} <code>{v.check.code}</code>
    </p>
  );
}
