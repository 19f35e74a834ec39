import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type LaneApplication, REFUSAL_CODES } from './applications.js';

/**
 * Applications as a table: lane, route, arrival, state (and reason), and one cell for the
 * prevention plan (when `plan` is given) above the row's actions: a sixth column would not fit
 * the page's width.
 */
export function ApplicationTable({
  applications,
  plan,
  action,
}: {
  applications: LaneApplication[];
  plan?: (a: LaneApplication) => ReactNode;
  action?: (a: LaneApplication) => ReactNode;
}) {
  const { t } = useTranslation();
  if (applications.length === 0) return <p className="muted">{t('lanes.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="staff-table">
        <thead>
          <tr>
            <th scope="col">{t('lanes.application')}</th>
            <th scope="col">{t('lanes.route')}</th>
            <th scope="col">{t('lanes.fields.arrivalDate')}</th>
            <th scope="col">{t('lanes.state')}</th>
            {(plan || action) && <th scope="col">{t('issuer.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {applications.map((a) => (
            <tr key={a.id}>
              <td>
                <code>{a.id}</code>
                <br />
                <span className="muted">
                  {a.lane.id} v{a.lane.version} · {a.sponsor}
                </span>
              </td>
              <td>
                {a.origin} → {a.destination} · {a.port} · {a.category}
              </td>
              <td>{a.arrivalDate}</td>
              <td>
                {t(`lanes.states.${a.state}`)}
                {a.reason && (
                  <>
                    <br />
                    <span className="muted">
                      {(REFUSAL_CODES as readonly string[]).includes(a.reason.code)
                        ? t(`lanes.reasons.${a.reason.code}`)
                        : a.reason.code}
                      {a.reason.text ? `: ${a.reason.text}` : ''}
                    </span>
                  </>
                )}
              </td>
              {(plan || action) && (
                <td>
                  {plan?.(a)}
                  {action?.(a)}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
