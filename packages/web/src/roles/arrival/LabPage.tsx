import { useState } from 'react';
import { Button, Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Shell } from '../../shared/layout/Shell.js';
import { api } from '../../shared/staff/api.js';
import { StaffGate } from '../../shared/staff/StaffGate.js';
import { StaffNotices } from '../../shared/staff/StaffNotices.js';
import { StaffTable } from '../../shared/staff/StaffTable.js';
import { TextInput } from '../../shared/staff/TextInput.js';
import { useStaffList } from '../../shared/staff/use-staff-list.js';
import { type LaneArrival, utcMinute } from './arrivals.js';
import { ReportLink } from './ReportLink.js';

/** The laboratory's ordered arrival tests: record the sample, post the result. */
export default function LabPage() {
  const { t } = useTranslation();
  return (
    <Shell title={t('lab.title')}>
      <StaffGate roles={['laboratory']}>
        <Orders />
      </StaffGate>
    </Shell>
  );
}

type Kind = 'negative' | 'positive' | 'certificate';

function Orders() {
  const { t } = useTranslation();
  const [posting, setPosting] = useState<string>();
  const [kind, setKind] = useState<Kind>('negative');
  const [certificate, setCertificate] = useState('');
  const [released, setReleased] = useState<LaneArrival>();
  const {
    items: arrivals,
    problem,
    notice,
    act,
  } = useStaffList(
    async () =>
      (await api<{ arrivals: LaneArrival[] }>('GET', '/lanes/arrivals?limit=500')).arrivals,
    [],
  );
  const open = arrivals.filter(
    (a) => a.state === 'awaiting-sample' || a.state === 'awaiting-result',
  );
  const done = arrivals.filter((a) => !open.includes(a));
  const resultForm = (
    <Form
      className="staff-form"
      aria-labelledby="result-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setReleased(undefined);
        await act(
          async () => {
            const answer = await api<LaneArrival>(
              'POST',
              `/lanes/arrivals/${posting}/result`,
              kind === 'certificate' ? { certificate: certificate.trim() } : { result: kind },
            );
            setReleased(answer);
            setPosting(undefined);
            setCertificate('');
            return answer;
          },
          (answer) => t('lab.resulted', { id: posting, state: t(`lab.states.${answer.state}`) }),
        );
      }}
    >
      <h2 id="result-title">{t('lab.resultTitle', { id: posting })}</h2>
      <RadioGroup
        className="react-aria-RadioGroup"
        value={kind}
        onChange={(v) => setKind(v as Kind)}
        name="kind"
      >
        <Label>{t('lab.kind')}</Label>
        <div className="options">
          {(['negative', 'positive', 'certificate'] as const).map((k) => (
            <Radio key={k} value={k}>
              {t(`lab.kinds.${k}`)}
            </Radio>
          ))}
        </div>
      </RadioGroup>
      {kind === 'certificate' && (
        <TextInput
          name="certificate"
          label={t('lab.certificate')}
          value={certificate}
          onChange={setCertificate}
          maxLength={8192}
        />
      )}
      <div className="actions">
        <Button type="submit" className="react-aria-Button">
          {t('lab.send')}
        </Button>
        <Button className="react-aria-Button secondary" onPress={() => setPosting(undefined)}>
          {t('issuer.cancel')}
        </Button>
      </div>
    </Form>
  );
  return (
    <>
      <StaffNotices problem={problem} notice={notice} />
      {released?.monitoring && <ReportLink monitoring={released.monitoring} />}
      <section aria-labelledby="orders-title">
        <h2 id="orders-title">{t('lab.orders', { n: open.length })}</h2>
        <StaffTable
          count={open.length}
          empty={t('lab.none')}
          columns={[t('lab.application'), t('lab.test'), t('lab.holdUntil'), t('lab.state')]}
        >
          {open.map((a) => (
            <tr key={a.application}>
              <OrderCells arrival={a} />
              <td>
                <div className="row-actions">
                  {a.state === 'awaiting-sample' && (
                    <Button
                      className="react-aria-Button secondary"
                      aria-label={t('lab.sampleOne', { id: a.application })}
                      onPress={() =>
                        act(
                          () => api('POST', `/lanes/arrivals/${a.application}/sample`),
                          t('lab.sampled', { id: a.application }),
                        )
                      }
                    >
                      {t('lab.sample')}
                    </Button>
                  )}
                  {(a.state === 'awaiting-sample' || a.state === 'awaiting-result') && (
                    <Button
                      className="react-aria-Button"
                      aria-label={t('lab.postResultOne', { id: a.application })}
                      onPress={() => setPosting(a.application)}
                    >
                      {t('lab.postResult')}
                    </Button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </StaffTable>
      </section>
      {posting && resultForm}
      {/* What is done stays in view under its own heading, so the count above is the table's. */}
      <section aria-labelledby="done-title">
        <h2 id="done-title">{t('lab.done', { n: done.length })}</h2>
        <StaffTable
          count={done.length}
          empty={t('lab.noneDone')}
          columns={[t('lab.application'), t('lab.test'), t('lab.holdUntil'), t('lab.state')]}
          actions={false}
        >
          {done.map((a) => (
            <tr key={a.application}>
              <OrderCells arrival={a} />
            </tr>
          ))}
        </StaffTable>
      </section>
    </>
  );
}

/** An ordered test's cells: the application (its port and facility), test, hold, state. */
function OrderCells({ arrival: a }: { arrival: LaneArrival }) {
  const { t } = useTranslation();
  return (
    <>
      <td>
        <code>{a.application}</code>
        <br />
        <span className="muted">
          {a.port} · {a.facility ?? ''}
        </span>
      </td>
      <td>{a.testType ?? ''}</td>
      <td>{utcMinute(a.holdUntil)}</td>
      <td>{t(`lab.states.${a.state}`)}</td>
    </>
  );
}
