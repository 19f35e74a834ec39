import { useState } from 'react';
import { Button, Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { countryName } from '../../shared/country-name.js';
import { type ApiProblem, api, asProblem } from '../../shared/staff/api.js';
import { ProblemNotice } from '../../shared/staff/ProblemNotice.js';
import { TextInput } from '../../shared/staff/TextInput.js';
import { type PickerValueSet, ValueSetPicker } from './ValueSetPicker.js';

/** What `POST /certificates` answers. */
export interface Issued {
  uci: string;
  type: CertificateType;
  issuedAt: string;
  expiresAt: string;
}
type CertificateType = 'vaccination' | 'test' | 'recovery';

/** The only disease the EU value set lists: COVID-19. */
const DISEASE = '840539006';

/** ICAO 9303 transliteration as the DCC wants it: upper case A–Z, `<` for spaces. */
const standardised = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z<]+/g, '<')
    .replace(/^<+|<+$/g, '');

/**
 * The issuing form: holder, then the vaccination, test or recovery entry with value-set
 * pickers. The browser checks the required fields; the node checks everything else (schema,
 * value sets, dates) and its field errors are shown beside the form.
 */
export function IssueForm({
  valueSets,
  country,
  onIssued,
}: {
  valueSets: Record<string, PickerValueSet>;
  country: string;
  onIssued: (issued: Issued) => void;
}) {
  const { t, i18n } = useTranslation();
  const [type, setType] = useState<CertificateType>('vaccination');
  const [f, setF] = useState<Record<string, string>>({ co: country, dn: '1', sd: '1' });
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const set = (k: string) => (v: string) => setF((old) => ({ ...old, [k]: v }));
  const text = (
    k: string,
    type: 'text' | 'date' | 'datetime-local' | 'number' = 'text',
    required = true,
  ) => (
    <TextInput
      name={k}
      label={t(`issuer.fields.${k}`)}
      value={f[k] ?? ''}
      onChange={set(k)}
      required={required}
      type={type === 'number' ? 'text' : type}
      {...(type === 'number' ? { inputMode: 'numeric' as const } : {})}
    />
  );
  const pick = (k: string, setName: string) => (
    <ValueSetPicker
      name={k}
      placeholder={t('issuer.choose')}
      label={t(`issuer.fields.${k}`)}
      set={valueSets[setName]}
      value={f[k] ?? ''}
      onChange={set(k)}
      // Countries in the clerk's language (the EU value set names them in English only).
      {...(setName === 'country-2-codes'
        ? { display: (code: string) => countryName(code, i18n.language) }
        : {})}
    />
  );
  const entry = (): Record<string, unknown> => {
    const common = { tg: DISEASE, co: f.co, is: f.is };
    if (type === 'vaccination')
      return {
        v: [
          { ...common, vp: f.vp, mp: f.mp, ma: f.ma, dn: Number(f.dn), sd: Number(f.sd), dt: f.dt },
        ],
      };
    if (type === 'test')
      return {
        t: [
          {
            ...common,
            tt: f.tt,
            ...(f.nm ? { nm: f.nm } : {}),
            sc: f.sc ? new Date(f.sc).toISOString().replace('.000', '') : '',
            tr: f.tr,
            tc: f.tc,
          },
        ],
      };
    return { r: [{ ...common, fr: f.fr, df: f.df, du: f.du }] };
  };
  return (
    <Form
      className="staff-form"
      aria-labelledby="issue-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setProblem(undefined);
        try {
          const payload = {
            nam: {
              fn: f.fn,
              fnt: standardised(f.fn ?? ''),
              gn: f.gn,
              gnt: standardised(f.gn ?? ''),
            },
            dob: f.dob,
            ...entry(),
          };
          onIssued(await api<Issued>('POST', '/certificates', { type, payload }));
        } catch (error) {
          setProblem(asProblem(error));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="issue-title">{t('issuer.issueTitle')}</h2>
      <RadioGroup
        className="react-aria-RadioGroup"
        value={type}
        onChange={(v) => setType(v as CertificateType)}
      >
        <Label>{t('issuer.type')}</Label>
        <div className="options">
          {(['vaccination', 'test', 'recovery'] as const).map((k) => (
            <Radio key={k} value={k}>
              {t(`issuer.types.${k}`)}
            </Radio>
          ))}
        </div>
      </RadioGroup>
      <fieldset>
        <legend>{t('issuer.holder')}</legend>
        {text('fn')}
        {text('gn', 'text', false)}
        {text('dob', 'date')}
      </fieldset>
      <fieldset>
        <legend>{t(`issuer.types.${type}`)}</legend>
        {type === 'vaccination' && (
          <>
            {pick('vp', 'vaccine-prophylaxis')}
            {pick('mp', 'vaccine-medicinal-product')}
            {pick('ma', 'vaccine-mah-manf')}
            {text('dn', 'number')}
            {text('sd', 'number')}
            {text('dt', 'date')}
          </>
        )}
        {type === 'test' && (
          <>
            {pick('tt', 'test-type')}
            {text('nm', 'text', false)}
            {text('sc', 'datetime-local')}
            {pick('tr', 'test-result')}
            {text('tc')}
          </>
        )}
        {type === 'recovery' && (
          <>
            {text('fr', 'date')}
            {text('df', 'date')}
            {text('du', 'date')}
          </>
        )}
        {pick('co', 'country-2-codes')}
        {text('is')}
      </fieldset>
      {problem && <ProblemNotice problem={problem} />}
      <div className="actions">
        <Button type="submit" className="react-aria-Button large" isDisabled={busy}>
          {t('issuer.issue')}
        </Button>
      </div>
    </Form>
  );
}
