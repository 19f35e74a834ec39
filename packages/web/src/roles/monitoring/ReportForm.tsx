import { labelText, MONITORING_TEXTS } from '@corridor/core/i18n';
import { MONITORING_SYMPTOMS } from '@corridor/core/lanes';
import type { Lang } from '@corridor/core/report';
import { useState } from 'react';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  Form,
  Label,
  Radio,
  RadioGroup,
  Text,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { lanesApi } from '../../shared/staff/lanes-api.js';
import { TextInput } from '../../shared/staff/TextInput.js';

/** One daily report, as the node's report routes take it (the typed client's body type). */
export type DailyReportBody = Parameters<typeof lanesApi.monitoring.report.$post>[0]['json'];

const TEMPERATURES = [
  'normal',
  'elevated',
  'fever',
] as const satisfies readonly DailyReportBody['temperature'][];
const TESTS = ['none', 'negative', 'positive'] as const;

/**
 * The daily report form (W7), the same for the traveller's link and for an operator reporting
 * on the traveller's behalf: temperature band, symptoms, where the traveller is (a region of
 * the destination, ISO 3166-2, and a place), a test taken since the last report and a
 * close-contact notice. Temperature bands and symptoms are named by core's `MONITORING_TEXTS`.
 * Big targets; every control is a native input underneath (keyboard: Tab, arrows, Space).
 */
export function ReportForm({
  id,
  title,
  region: initialRegion,
  submit,
  submitLabel,
}: {
  /** Prefix of the form's element ids. */
  id: string;
  /** The form's heading (default: "Today's report"). */
  title?: string;
  /** The declared region when known (the pass's), else the destination's `CC-` prefix. */
  region: string;
  submit: (body: DailyReportBody) => Promise<unknown>;
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [temperature, setTemperature] = useState<string>('');
  const [symptoms, setSymptoms] = useState<string[]>([]);
  const [region, setRegion] = useState(initialRegion);
  const [place, setPlace] = useState('');
  const [test, setTest] = useState<string>('none');
  const [contact, setContact] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Form
      className="staff-form report-form"
      aria-labelledby={`${id}-title`}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        try {
          await submit({
            temperature: temperature as DailyReportBody['temperature'],
            symptoms: symptoms as DailyReportBody['symptoms'],
            region: region.trim().toUpperCase(),
            ...(place.trim() ? { place: place.trim() } : {}),
            ...(test !== 'none' ? { testResult: test as 'negative' | 'positive' } : {}),
            ...(contact ? { closeContact: true } : {}),
          });
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id={`${id}-title`}>{title ?? t('report.formTitle')}</h2>
      <RadioGroup
        className="react-aria-RadioGroup"
        value={temperature}
        onChange={setTemperature}
        name="temperature"
        isRequired
      >
        <Label>{t('report.temperature')}</Label>
        <div className="options stacked">
          {TEMPERATURES.map((k) => (
            <Radio key={k} value={k}>
              {labelText(MONITORING_TEXTS, k, lang)}
            </Radio>
          ))}
        </div>
      </RadioGroup>
      <CheckboxGroup
        className="react-aria-CheckboxGroup symptoms"
        value={symptoms}
        onChange={setSymptoms}
        name="symptoms"
      >
        <Label>{t('report.symptoms')}</Label>
        <Text slot="description">{t('report.symptomsNote')}</Text>
        <div className="options">
          {MONITORING_SYMPTOMS.map((k) => (
            <Checkbox key={k} value={k} className="react-aria-Checkbox choice">
              {labelText(MONITORING_TEXTS, k, lang)}
            </Checkbox>
          ))}
        </div>
      </CheckboxGroup>
      <fieldset>
        <legend>{t('report.where')}</legend>
        <TextInput
          name="region"
          label={t('report.region')}
          value={region}
          onChange={setRegion}
          maxLength={6}
          autoComplete="off"
        />
        <p className="hint">{t('report.regionNote')}</p>
        <TextInput
          name="place"
          label={t('report.place')}
          value={place}
          onChange={setPlace}
          required={false}
          maxLength={200}
        />
      </fieldset>
      <RadioGroup className="react-aria-RadioGroup" value={test} onChange={setTest} name="test">
        <Label>{t('report.test')}</Label>
        <div className="options stacked">
          {TESTS.map((k) => (
            <Radio key={k} value={k}>
              {t(`report.tests.${k}`)}
            </Radio>
          ))}
        </div>
      </RadioGroup>
      <Checkbox
        className="react-aria-Checkbox choice"
        isSelected={contact}
        onChange={setContact}
        name="closeContact"
      >
        {t('report.closeContact')}
      </Checkbox>
      <div className="actions">
        <Button type="submit" className="react-aria-Button large" isDisabled={busy}>
          {submitLabel}
        </Button>
      </div>
    </Form>
  );
}

/** What the node answered to a report: the day, what it escalated, whether it ended the exemption. */
export interface ReportOutcome {
  passId: string;
  day: number;
  escalations: string[];
  terminated: boolean;
}

/** The confirmation of a report, announced: the day taken and what follows from it. */
export function ReportConfirmation({ outcome }: { outcome: ReportOutcome }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  return (
    <section className="notice info report-done" role="status" aria-labelledby="report-done-title">
      <h2 id="report-done-title">{t('report.done', { day: outcome.day })}</h2>
      {outcome.escalations.length === 0 ? (
        <p>{t('report.nothingElse')}</p>
      ) : (
        <>
          <p>{t('report.escalated')}</p>
          <ul>
            {outcome.escalations.map((k) => (
              <li key={k}>
                {k in MONITORING_TEXTS
                  ? labelText(MONITORING_TEXTS, k as keyof typeof MONITORING_TEXTS, lang, {
                      day: outcome.day,
                    })
                  : k}
              </li>
            ))}
          </ul>
        </>
      )}
      {outcome.terminated && (
        <p>
          <strong>{t('report.terminated')}</strong>
        </p>
      )}
    </section>
  );
}
