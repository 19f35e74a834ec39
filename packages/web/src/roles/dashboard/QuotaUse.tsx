import { useTranslation } from 'react-i18next';

/** One quota counter of the node (`GET /lanes/quota`). */
export interface QuotaCounter {
  origin: string;
  destination: string;
  day: string;
  kind: 'direction' | 'port' | 'sponsor';
  key: string;
  used: number;
  quota: number;
}

/**
 * Quota use per arrival day: each counter the lane version sets (the direction's daily quota,
 * per port, per sponsor) with what approved passes took, as a table with a meter per row.
 */
export function QuotaUse({
  counters,
  from,
  to,
}: {
  counters: QuotaCounter[];
  from: string;
  to: string;
}) {
  const { t } = useTranslation();
  if (counters.length === 0)
    return <p className="muted">{t('dashboard.noQuotaUse', { from, to })}</p>;
  return (
    <div className="table-wrap">
      <table className="staff-table quota-table">
        <caption>{t('dashboard.quotaCaption', { from, to })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.arrivalDay')}</th>
            <th scope="col">{t('dashboard.direction')}</th>
            <th scope="col">{t('dashboard.counter')}</th>
            <th scope="col">{t('dashboard.used')}</th>
          </tr>
        </thead>
        <tbody>
          {counters.map((c) => {
            const what =
              c.kind === 'direction'
                ? t('dashboard.kinds.direction')
                : t(`dashboard.kinds.${c.kind}`, { key: c.key });
            return (
              <tr key={`${c.day}-${c.origin}-${c.destination}-${c.kind}-${c.key}`}>
                <td>{c.day}</td>
                <td>
                  {c.origin} → {c.destination}
                </td>
                <td>{what}</td>
                <td>
                  <meter
                    min={0}
                    max={c.quota}
                    value={c.used}
                    high={c.quota * 0.8}
                    optimum={0}
                    aria-label={t('dashboard.usedOf', { used: c.used, quota: c.quota })}
                  />{' '}
                  {t('dashboard.usedOf', { used: c.used, quota: c.quota })}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
