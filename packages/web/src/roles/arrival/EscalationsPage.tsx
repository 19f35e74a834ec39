import { useCallback, useEffect, useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Shell } from '../../shared/layout/Shell.js';
import { rowAction } from '../../shared/staff/action.js';
import { type ApiProblem, api, asProblem } from '../../shared/staff/api.js';
import { ProblemNotice } from '../../shared/staff/ProblemNotice.js';
import { StaffGate } from '../../shared/staff/StaffGate.js';
import { StaffTable } from '../../shared/staff/StaffTable.js';
import { type LaneEscalation, utcMinute } from './arrivals.js';

/** The local authority's worklist: positive arrival tests, overdue results, no-shows. */
export default function EscalationsPage() {
  const { t } = useTranslation();
  return (
    <Shell title={t('escalations.title')}>
      <StaffGate roles={['authority']}>
        <Worklist />
      </StaffGate>
    </Shell>
  );
}

function Worklist() {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const [list, setList] = useState<LaneEscalation[]>([]);
  const [problem, setProblem] = useState<ApiProblem>();
  const [notice, setNotice] = useState<string>();
  const reload = useCallback(async () => {
    try {
      setList(
        (
          await api<{ escalations: LaneEscalation[] }>(
            'GET',
            `/lanes/escalations?open=${all ? 'false' : 'true'}&limit=500`,
          )
        ).escalations,
      );
    } catch (e) {
      setProblem(asProblem(e));
    }
  }, [all]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const act = rowAction({ setProblem, setNotice, reload });
  const open = list.filter((e) => !e.acknowledgedAt);
  return (
    <>
      {problem && <ProblemNotice problem={problem} />}
      {notice && (
        <p className="notice info" role="status">
          {notice}
        </p>
      )}
      <section aria-labelledby="escalations-title">
        <h2 id="escalations-title">{t('escalations.open', { n: open.length })}</h2>
        <Checkbox className="react-aria-Checkbox" isSelected={all} onChange={setAll}>
          {t('escalations.showAll')}
        </Checkbox>
        <StaffTable
          count={list.length}
          empty={t('escalations.none')}
          columns={[
            t('escalations.application'),
            t('escalations.kind'),
            t('escalations.region'),
            t('escalations.created'),
          ]}
        >
          {list.map((e) => (
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
        </StaffTable>
      </section>
    </>
  );
}
