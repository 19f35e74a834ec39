import { useCallback, useEffect, useState } from 'react';
import { Button, Checkbox, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Shell } from '../../shared/layout/Shell.js';
import { rowAction } from '../../shared/staff/action.js';
import { type ApiProblem, asProblem } from '../../shared/staff/api.js';
import { answerOf, lanesApi } from '../../shared/staff/lanes-api.js';
import { ProblemNotice } from '../../shared/staff/ProblemNotice.js';
import { StaffGate } from '../../shared/staff/StaffGate.js';
import { TextInput } from '../../shared/staff/TextInput.js';
import { ApplicationTable } from './ApplicationTable.js';
import type { LaneApplication } from './applications.js';
import { PlanCell } from './PreventionPlan.js';

/**
 * The sponsor portal: apply for a traveller on a lane, follow and withdraw applications, and
 * attach, replace or remove each one's prevention plan PDF while it awaits a decision.
 */
export default function SponsorPage() {
  const { t } = useTranslation();
  return (
    <Shell title={t('lanes.sponsorTitle')}>
      <StaffGate roles={['sponsor']}>
        <Portal />
      </StaffGate>
    </Shell>
  );
}

const FIELDS = [
  ['lane', 'text'],
  ['origin', 'text'],
  ['category', 'text'],
  ['visaClass', 'text'],
  ['region', 'text'],
  ['port', 'text'],
  ['arrivalDate', 'date'],
] as const;
const TRAVELLER = [
  ['primaryIdentifier', 'text'],
  ['secondaryIdentifier', 'text'],
  ['dateOfBirth', 'date'],
  ['nationality', 'text'],
  ['documentNumber', 'text'],
  ['passportExpiry', 'date'],
] as const;

function Portal() {
  const { t } = useTranslation();
  const [f, setF] = useState<Record<string, string>>({});
  const [consent, setConsent] = useState(false);
  const [list, setList] = useState<LaneApplication[]>([]);
  const [problem, setProblem] = useState<ApiProblem>();
  const [done, setDone] = useState<string>();
  // The list's own outcome line: a plan stored or removed, or the call's coded problem.
  const [rowProblem, setRowProblem] = useState<ApiProblem>();
  const [rowNotice, setRowNotice] = useState<string>();
  const reload = useCallback(async () => {
    try {
      setList((await answerOf(lanesApi.lanes.applications.$get({ query: {} }))).applications);
    } catch (e) {
      setProblem(asProblem(e));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  const field = ([k, type]: readonly [string, 'text' | 'date'], required = true) => (
    <TextInput
      key={k}
      name={k}
      type={type}
      label={t(`lanes.fields.${k}`)}
      value={f[k] ?? ''}
      onChange={(v) => setF((o) => ({ ...o, [k]: v }))}
      required={required}
    />
  );
  const fail = (e: unknown) => setProblem(asProblem(e));
  const act = rowAction({
    setProblem: (p) => {
      setRowProblem(p);
      if (p === undefined) setRowNotice(undefined);
    },
    setNotice: setRowNotice,
    reload,
  });
  return (
    <>
      <Form
        className="staff-form"
        aria-labelledby="apply-title"
        onSubmit={async (e) => {
          e.preventDefault();
          setProblem(undefined);
          setDone(undefined);
          try {
            const json = {
              lane: f.lane ?? '',
              origin: f.origin?.toUpperCase() ?? '',
              category: f.category ?? '',
              ...(f.visaClass ? { visaClass: f.visaClass } : {}),
              region: f.region ?? '',
              port: f.port ?? '',
              arrivalDate: f.arrivalDate ?? '',
              traveller: Object.fromEntries(TRAVELLER.map(([k]) => [k, f[k] ?? ''])) as Record<
                (typeof TRAVELLER)[number][0],
                string
              >,
              consent,
            };
            const created = await answerOf(lanesApi.lanes.applications.$post({ json }));
            setDone(created.id);
            // The next traveller starts blank: their own identity and their own consent.
            setF((o) =>
              Object.fromEntries(
                Object.entries(o).filter(([k]) => !TRAVELLER.some(([t]) => t === k)),
              ),
            );
            setConsent(false);
            await reload();
          } catch (error) {
            fail(error);
          }
        }}
      >
        <h2 id="apply-title">{t('lanes.applyTitle')}</h2>
        <fieldset>
          <legend>{t('lanes.trip')}</legend>
          {FIELDS.map((x) => field(x, x[0] !== 'visaClass'))}
        </fieldset>
        <fieldset>
          <legend>{t('lanes.traveller')}</legend>
          {TRAVELLER.map((x) => field(x, x[0] !== 'secondaryIdentifier'))}
        </fieldset>
        <Checkbox
          className="react-aria-Checkbox"
          isSelected={consent}
          onChange={setConsent}
          isRequired
        >
          {t('lanes.consent')}
        </Checkbox>
        {problem && <ProblemNotice problem={problem} />}
        {done && (
          <p className="notice info" role="status">
            {t('lanes.submitted', { id: done })}
          </p>
        )}
        <div className="actions">
          <Button type="submit" className="react-aria-Button large">
            {t('lanes.apply')}
          </Button>
        </div>
      </Form>
      <section aria-labelledby="mine-title">
        <h2 id="mine-title">{t('lanes.mine')}</h2>
        <p className="muted">{t('lanes.plan.limit', { mb: 2 })}</p>
        {rowProblem && <ProblemNotice problem={rowProblem} />}
        {rowNotice && (
          <p className="notice info" role="status">
            {rowNotice}
          </p>
        )}
        <ApplicationTable
          applications={list}
          plan={(a) => <PlanCell application={a} act={act} />}
          action={(a) =>
            a.state === 'submitted' && (
              <Button
                className="react-aria-Button secondary"
                aria-label={t('lanes.withdrawOne', { id: a.id })}
                onPress={() =>
                  answerOf(
                    lanesApi.lanes.applications[':id'].withdraw.$post({
                      param: { id: a.id },
                      json: {},
                    }),
                  ).then(reload, fail)
                }
              >
                {t('lanes.withdraw')}
              </Button>
            )
          }
        />
      </section>
    </>
  );
}
