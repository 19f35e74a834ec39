import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Shell } from '../../shared/layout/Shell.js';
import { api } from '../../shared/staff/api.js';
import { StaffGate } from '../../shared/staff/StaffGate.js';
import { StaffNotices } from '../../shared/staff/StaffNotices.js';
import { useStaffList } from '../../shared/staff/use-staff-list.js';
import { Worklist } from '../../shared/staff/Worklist.js';
import { type LaneEscalation, utcMinute } from './arrivals.js';

/** The local authority's worklist: positive arrival tests, overdue results, no-shows. */
export default function EscalationsPage() {
  const { t } = useTranslation();
  return (
    <Shell title={t('escalations.title')}>
      <StaffGate roles={['authority']}>
        <Escalations />
      </StaffGate>
    </Shell>
  );
}

function Escalations() {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const { items, problem, notice, act } = useStaffList(
    async () =>
      (
        await api<{ escalations: LaneEscalation[] }>(
          'GET',
          `/lanes/escalations?open=${all ? 'false' : 'true'}&limit=500`,
        )
      ).escalations,
    [all],
  );
  const open = items.filter((e) => !e.acknowledgedAt);
  return (
    <>
      <StaffNotices problem={problem} notice={notice} />
      <Worklist
        id="escalations-title"
        title={t('escalations.open', { n: open.length })}
        showAll={t('escalations.showAll')}
        all={all}
        setAll={setAll}
        count={items.length}
        empty={t('escalations.none')}
        columns={[
          t('escalations.application'),
          t('escalations.kind'),
          t('escalations.region'),
          t('escalations.created'),
        ]}
      >
        {items.map((e) => (
          <tr key={e.id}>
            <td>
              <code>{e.application}</code>
            </td>
            <td>{t(`escalations.kinds.${e.kind}`)}</td>
            <td>{e.region}</td>
            <td>{utcMinute(e.createdAt)}</td>
            <td>
              {e.acknowledgedAt ? (
                t('escalations.acknowledged', { by: e.acknowledgedBy ?? '' })
              ) : (
                <Button
                  className="react-aria-Button"
                  aria-label={t('escalations.acknowledgeOne', { id: e.id })}
                  onPress={() =>
                    act(
                      () => api('POST', `/lanes/escalations/${e.id}/acknowledge`),
                      t('escalations.done', { id: e.id }),
                    )
                  }
                >
                  {t('escalations.acknowledge')}
                </Button>
              )}
            </td>
          </tr>
        ))}
      </Worklist>
    </>
  );
}
