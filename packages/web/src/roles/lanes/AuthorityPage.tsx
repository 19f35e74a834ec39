import { useState } from 'react';
import {
  Button,
  Form,
  Label,
  Link,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Shell } from '../../shared/layout/Shell.js';
import { href } from '../../shared/router.js';
import { answerOf, lanesApi } from '../../shared/staff/lanes-api.js';
import { StaffGate } from '../../shared/staff/StaffGate.js';
import { StaffNotices } from '../../shared/staff/StaffNotices.js';
import { TextInput } from '../../shared/staff/TextInput.js';
import { useStaffList } from '../../shared/staff/use-staff-list.js';
import { ApplicationTable } from './ApplicationTable.js';
import { REFUSAL_CODES } from './applications.js';
import { PlanCell } from './PreventionPlan.js';

/** The approving authority's review queue: approve (the node signs the pass) or refuse. */
export default function AuthorityPage() {
  const { t } = useTranslation();
  return (
    <Shell title={t('lanes.authorityTitle')}>
      <StaffGate roles={['authority']}>
        <Queue />
      </StaffGate>
    </Shell>
  );
}

function Queue() {
  const { t } = useTranslation();
  const [refusing, setRefusing] = useState<string>();
  const [code, setCode] = useState<string>(REFUSAL_CODES[0]);
  const [text, setText] = useState('');
  const { items, problem, notice, act } = useStaffList(
    async () =>
      (await answerOf(lanesApi.lanes.applications.$get({ query: { limit: '500' } }))).applications,
    [],
  );
  const queue = items.filter((a) => a.state === 'submitted');
  const decided = items
    .filter((a) => a.state !== 'submitted')
    .slice(-50)
    .reverse();
  return (
    <>
      <StaffNotices problem={problem} notice={notice} />
      <p>
        <Link href={href('/authority/escalations')}>{t('escalations.link')}</Link>
      </p>
      <section aria-labelledby="queue-title">
        <h2 id="queue-title">{t('lanes.queue', { n: queue.length })}</h2>
        <ApplicationTable
          applications={queue}
          plan={(a) => <PlanCell application={a} />}
          action={(a) => (
            <div className="row-actions">
              <Button
                className="react-aria-Button"
                aria-label={t('lanes.approveOne', { id: a.id })}
                onPress={() =>
                  act(
                    () =>
                      answerOf(
                        lanesApi.lanes.applications[':id'].approve.$post({ param: { id: a.id } }),
                      ),
                    t('lanes.approved', { id: a.id }),
                  )
                }
              >
                {t('lanes.approve')}
              </Button>
              <Button
                className="react-aria-Button secondary"
                aria-label={t('lanes.refuseOne', { id: a.id })}
                onPress={() => setRefusing(a.id)}
              >
                {t('lanes.refuse')}
              </Button>
            </div>
          )}
        />
      </section>
      {refusing && (
        <Form
          className="staff-form"
          aria-labelledby="refuse-title"
          onSubmit={async (e) => {
            e.preventDefault();
            await act(
              async () => {
                await answerOf(
                  lanesApi.lanes.applications[':id'].refuse.$post({
                    param: { id: refusing },
                    json: { reasonCode: code, reasonText: text },
                  }),
                );
                setRefusing(undefined);
                setText('');
              },
              t('lanes.refused', { id: refusing }),
            );
          }}
        >
          <h2 id="refuse-title">{t('lanes.refuseTitle', { id: refusing })}</h2>
          <Select
            className="react-aria-Select field"
            selectedKey={code}
            onSelectionChange={(k) => setCode(String(k))}
            name="reasonCode"
          >
            <Label>{t('lanes.reasonCode')}</Label>
            <Button>
              <SelectValue />
              <span aria-hidden="true">▾</span>
            </Button>
            <Popover>
              <ListBox>
                {REFUSAL_CODES.map((c) => (
                  <ListBoxItem key={c} id={c} textValue={t(`lanes.reasons.${c}`)}>
                    {t(`lanes.reasons.${c}`)}
                  </ListBoxItem>
                ))}
              </ListBox>
            </Popover>
          </Select>
          <TextInput
            name="reasonText"
            label={t('lanes.reasonText')}
            value={text}
            onChange={setText}
            maxLength={500}
          />
          <div className="actions">
            <Button type="submit" className="react-aria-Button">
              {t('lanes.confirmRefuse')}
            </Button>
            <Button className="react-aria-Button secondary" onPress={() => setRefusing(undefined)}>
              {t('issuer.cancel')}
            </Button>
          </div>
        </Form>
      )}
      <section aria-labelledby="decided-title">
        <h2 id="decided-title">{t('lanes.decided')}</h2>
        <ApplicationTable applications={decided} />
      </section>
    </>
  );
}
