import { labelText, MONITORING_TEXTS } from '@corridor/core/i18n';
import type { Lang } from '@corridor/core/report';
import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Shell } from '../../shared/layout/Shell.js';
import { asProblem } from '../../shared/staff/api.js';
import { type Answer, answerOf, lanesApi } from '../../shared/staff/lanes-api.js';
import { StaffGate } from '../../shared/staff/StaffGate.js';
import { StaffNotices } from '../../shared/staff/StaffNotices.js';
import { TextInput } from '../../shared/staff/TextInput.js';
import { useAppCountry } from '../../shared/staff/use-app-country.js';
import { useStaffList } from '../../shared/staff/use-staff-list.js';
import { Worklist } from '../../shared/staff/Worklist.js';
import { utcMinute } from '../arrival/arrivals.js';
import { ReportLink } from '../arrival/ReportLink.js';
import { ReportConfirmation, ReportForm, type ReportOutcome } from './ReportForm.js';

type WorkItem = Answer<
  Awaited<ReturnType<typeof lanesApi.lanes.monitoring.worklist.$get>>
>['items'][number];

/**
 * The local monitoring authority's worklist (W7): escalations of travellers under monitoring
 * (missed reports, symptoms, outside the itinerary, positive tests, close contacts), the
 * earliest deadline first; resolve one with a note, replace a traveller's report link, or record
 * a daily report on the traveller's behalf (a phone call, a visit).
 */
export default function MonitoringPage() {
  const { t } = useTranslation();
  return (
    <Shell title={t('monitoring.title')}>
      <StaffGate roles={['authority']}>
        <MonitoringWorklist />
      </StaffGate>
    </Shell>
  );
}

/** What the page has open below the list: a resolution, a report on behalf, a new link. */
type Open =
  | { form: 'resolve'; item: WorkItem }
  | { form: 'report'; passId: string }
  | { form: 'link'; passId: string; token: string };

function MonitoringWorklist() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const country = useAppCountry();
  const [all, setAll] = useState(false);
  const [open, setOpen] = useState<Open>();
  const [outcome, setOutcome] = useState<ReportOutcome>();
  const [passId, setPassId] = useState('');
  const { items, problem, setProblem, notice, setNotice, reload, act } = useStaffList(async () => {
    const query = { resolved: all ? 'true' : 'false', limit: '500' } as const;
    return (await answerOf(lanesApi.lanes.monitoring.worklist.$get({ query }))).items;
  }, [all]);
  const show = (next: Open) => {
    setProblem(undefined);
    setNotice(undefined);
    setOutcome(undefined);
    setOpen(next);
  };
  const renew = (id: string) =>
    act(
      async () => {
        const { token } = await answerOf(
          lanesApi.lanes.monitoring[':passId'].link.$post({ param: { passId: id } }),
        );
        show({ form: 'link', passId: id, token });
      },
      t('monitoring.linkRenewed', { id }),
    );
  const openCount = items.filter((w) => !w.resolvedAt).length;
  return (
    <>
      <StaffNotices problem={problem} notice={notice} />
      <Worklist
        id="worklist-title"
        title={t('monitoring.open', { n: openCount })}
        showAll={t('monitoring.showResolved')}
        all={all}
        setAll={setAll}
        count={items.length}
        empty={t('monitoring.none')}
        columns={[
          t('monitoring.pass'),
          t('monitoring.kind'),
          t('monitoring.due'),
          t('monitoring.state'),
        ]}
      >
        {items.map((w) => (
          <tr key={w.id} className={w.overdue ? 'overdue' : undefined}>
            <td>
              <code>{w.passId}</code>
            </td>
            <td>
              {w.kind in MONITORING_TEXTS
                ? labelText(MONITORING_TEXTS, w.kind as keyof typeof MONITORING_TEXTS, lang, {
                    day: w.day,
                  })
                : w.kind}
            </td>
            <td>
              {utcMinute(w.dueAt)}
              {w.overdue && (
                <strong className="overdue-tag">
                  {' '}
                  {labelText(MONITORING_TEXTS, 'overdue', lang)}
                </strong>
              )}
            </td>
            <td>
              {w.resolvedAt
                ? t('monitoring.resolvedNote', { note: w.resolution ?? '' })
                : t(`monitoring.states.${w.monitoring}`)}
            </td>
            <td>
              <div className="row-actions">
                {!w.resolvedAt && (
                  <Button
                    className="react-aria-Button"
                    aria-label={t('monitoring.resolveOne', { id: w.id, pass: w.passId })}
                    onPress={() => show({ form: 'resolve', item: w })}
                  >
                    {t('monitoring.resolve')}
                  </Button>
                )}
                {w.monitoring === 'active' && (
                  <>
                    <Button
                      className="react-aria-Button secondary"
                      aria-label={t('monitoring.reportOne', { pass: w.passId })}
                      onPress={() => show({ form: 'report', passId: w.passId })}
                    >
                      {t('monitoring.report')}
                    </Button>
                    <Button
                      className="react-aria-Button secondary"
                      aria-label={t('monitoring.renewOne', { pass: w.passId })}
                      onPress={() => renew(w.passId)}
                    >
                      {t('monitoring.renew')}
                    </Button>
                  </>
                )}
              </div>
            </td>
          </tr>
        ))}
      </Worklist>
      {open?.form === 'resolve' && (
        <Resolve
          item={open.item}
          resolve={(resolution) =>
            act(
              async () => {
                await answerOf(
                  lanesApi.lanes.monitoring.escalations[':id'].resolve.$post({
                    param: { id: String(open.item.id) },
                    json: { resolution },
                  }),
                );
                setOpen(undefined);
              },
              t('monitoring.resolved', { id: open.item.id }),
            )
          }
        />
      )}
      {open?.form === 'link' && (
        <ReportLink monitoring={{ reportToken: open.token }} passId={open.passId} />
      )}
      {open?.form === 'report' &&
        (outcome ? (
          <ReportConfirmation outcome={outcome} />
        ) : (
          <ReportForm
            key={open.passId}
            id="behalf"
            title={t('monitoring.reportFor', { pass: open.passId })}
            region={country ? `${country}-` : ''}
            submitLabel={t('monitoring.sendReport')}
            submit={async (json) => {
              setProblem(undefined);
              try {
                const done = await answerOf(
                  lanesApi.lanes.monitoring[':passId'].reports.$post({
                    param: { passId: open.passId },
                    json,
                  }),
                );
                setOutcome(done);
                setNotice(t('monitoring.reported', { pass: open.passId, day: done.day }));
                await reload();
              } catch (e) {
                setProblem(asProblem(e));
              }
            }}
          />
        ))}
      <Form
        className="staff-form"
        aria-labelledby="behalf-pass-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (passId.trim()) show({ form: 'report', passId: passId.trim() });
        }}
      >
        <h2 id="behalf-pass-title">{t('monitoring.behalfTitle')}</h2>
        <TextInput
          name="passId"
          label={t('monitoring.passId')}
          value={passId}
          onChange={setPassId}
          maxLength={64}
          autoComplete="off"
        />
        <div className="actions">
          <Button type="submit" className="react-aria-Button">
            {t('monitoring.openReport')}
          </Button>
        </div>
      </Form>
    </>
  );
}

/** The resolution of one escalation: what was done, in a note (1–500 characters). */
function Resolve({
  item,
  resolve,
}: {
  item: WorkItem;
  resolve: (resolution: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  return (
    <Form
      className="staff-form"
      aria-labelledby="resolve-title"
      onSubmit={(e) => {
        e.preventDefault();
        void resolve(note);
      }}
    >
      <h2 id="resolve-title">{t('monitoring.resolveTitle', { id: item.id, pass: item.passId })}</h2>
      <TextInput
        name="resolution"
        label={t('monitoring.resolution')}
        value={note}
        onChange={setNote}
        maxLength={500}
        autoFocus
      />
      <div className="actions">
        <Button type="submit" className="react-aria-Button">
          {t('monitoring.confirmResolve')}
        </Button>
      </div>
    </Form>
  );
}
