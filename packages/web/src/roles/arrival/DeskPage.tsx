import { useState } from 'react';
import { Button, Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Shell } from '../../shared/layout/Shell.js';
import { type ApiProblem, api, asProblem } from '../../shared/staff/api.js';
import { ProblemNotice } from '../../shared/staff/ProblemNotice.js';
import { StaffGate } from '../../shared/staff/StaffGate.js';
import { TextInput } from '../../shared/staff/TextInput.js';
import { useAppCountry } from '../../shared/staff/use-app-country.js';
import type { LaneCheck } from './arrivals.js';
import { CheckDecision } from './CheckDecision.js';

/** The checkpoint desk: one traveller's pass, certificates and passport, decided by the node. */
export default function DeskPage() {
  const { t } = useTranslation();
  return (
    <Shell title={t('desk.title')}>
      <StaffGate roles={['checkpoint']}>
        <Desk />
      </StaffGate>
    </Shell>
  );
}

/** The lanes API takes at most 16 credentials. */
const MAX_CREDENTIALS = 16;

function Desk() {
  const { t, i18n } = useTranslation();
  const [checkpoint, setCheckpoint] = useState<'boarding' | 'arrival'>('arrival');
  const [pass, setPass] = useState('');
  const [credentials, setCredentials] = useState<string[]>(['']);
  const [mrz1, setMrz1] = useState('');
  const [mrz2, setMrz2] = useState('');
  const [departure, setDeparture] = useState('');
  const [origin, setOrigin] = useState('');
  const [port, setPort] = useState('');
  const destination = useAppCountry();
  const [problem, setProblem] = useState<ApiProblem>();
  const [answer, setAnswer] = useState<LaneCheck>();
  const [busy, setBusy] = useState(false);
  return (
    <>
      {answer && <CheckDecision answer={answer} />}
      {problem && <ProblemNotice problem={problem} />}
      <Form
        className="staff-form"
        aria-labelledby="desk-form-title"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setProblem(undefined);
          setAnswer(undefined);
          try {
            const mrz = [mrz1.trim(), mrz2.trim()].filter(Boolean).join('\n');
            setAnswer(
              await api<LaneCheck>('POST', '/lanes/checks', {
                checkpoint,
                pass: pass.trim(),
                credentials: credentials.map((c) => c.trim()).filter(Boolean),
                ...(mrz ? { mrz } : {}),
                // The field is read as UTC (its label says so): the desk's zone plays no part.
                scheduledDeparture: `${departure}:00Z`,
                // The journey (when the flight's origin is typed): this node's country is the
                // destination, the port is the desk's.
                ...(origin.trim() && destination
                  ? {
                      journey: {
                        origin: origin.trim().toUpperCase(),
                        destination,
                        ...(port.trim() ? { port: port.trim().toUpperCase() } : {}),
                      },
                    }
                  : {}),
                lang: i18n.language,
              }),
            );
          } catch (error) {
            setProblem(asProblem(error));
          } finally {
            setBusy(false);
          }
        }}
      >
        <h2 id="desk-form-title">{t('desk.formTitle')}</h2>
        <RadioGroup
          className="react-aria-RadioGroup"
          value={checkpoint}
          onChange={(v) => setCheckpoint(v as 'boarding' | 'arrival')}
          name="checkpoint"
        >
          <Label>{t('desk.checkpoint')}</Label>
          <div className="options">
            {(['arrival', 'boarding'] as const).map((c) => (
              <Radio key={c} value={c}>
                {t(`desk.checkpoints.${c}`)}
              </Radio>
            ))}
          </div>
        </RadioGroup>
        <TextInput
          name="pass"
          label={t('desk.pass')}
          value={pass}
          onChange={setPass}
          maxLength={8192}
        />
        {credentials.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the fields are positional
          <div className="credential-row" key={i}>
            <TextInput
              name={`credential-${i + 1}`}
              label={t('desk.credential', { n: i + 1 })}
              value={c}
              required={false}
              onChange={(v) => setCredentials((list) => list.map((x, j) => (j === i ? v : x)))}
              maxLength={8192}
            />
            {credentials.length > 1 && (
              <Button
                className="react-aria-Button secondary"
                onPress={() => setCredentials((list) => list.filter((_, j) => j !== i))}
              >
                {t('desk.removeCredential', { n: i + 1 })}
              </Button>
            )}
          </div>
        ))}
        {credentials.length < MAX_CREDENTIALS && (
          <Button
            className="react-aria-Button secondary"
            onPress={() => setCredentials((list) => [...list, ''])}
          >
            {t('desk.addCredential')}
          </Button>
        )}
        <TextInput
          name="mrz1"
          label={t('desk.mrz1')}
          value={mrz1}
          onChange={setMrz1}
          maxLength={44}
          required={false}
        />
        <TextInput
          name="mrz2"
          label={t('desk.mrz2')}
          value={mrz2}
          onChange={setMrz2}
          maxLength={44}
          required={false}
        />
        <TextInput
          name="scheduledDeparture"
          type="datetime-local"
          label={t('desk.departure')}
          value={departure}
          onChange={setDeparture}
        />
        <TextInput
          name="origin"
          label={t('desk.origin')}
          value={origin}
          onChange={setOrigin}
          maxLength={2}
          required={false}
        />
        <TextInput
          name="port"
          label={t('desk.port')}
          value={port}
          onChange={setPort}
          maxLength={8}
          required={false}
        />
        <div className="actions">
          <Button type="submit" className="react-aria-Button large" isDisabled={busy}>
            {t('desk.check')}
          </Button>
        </div>
      </Form>
    </>
  );
}
