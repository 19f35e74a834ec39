import type { EntryPass } from '@corridor/core/pass';
import { useState } from 'react';
import { Button, Form, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { countryName } from '../../shared/country-name.js';
import { TextInput } from '../../shared/staff/TextInput.js';
import { reportPath, reportTokenOf } from '../monitoring/report-token.js';
import { saveReportLink, type WalletEntry } from './wallet-store.js';

/**
 * An entry pass's own lines in the wallet (pass id, journey, port, region) and its daily
 * report: "Daily report" opens the report form when the traveller has saved the pass's report
 * link on this device; otherwise a field takes the link (pasted, kept on the device only).
 */
export function PassReport({
  entry,
  pass,
  onSaved,
}: {
  entry: WalletEntry;
  pass: EntryPass;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [bad, setBad] = useState(false);
  const [editing, setEditing] = useState(false);
  const id = `pass-${entry.id}`;
  return (
    <>
      <dl className="facts pass-facts">
        <dt>{t('wallet.passId')}</dt>
        <dd>
          <code>{pass.id}</code>
        </dd>
        <dt>{t('wallet.journey')}</dt>
        <dd>
          {countryName(pass.origin, i18n.language)} → {countryName(pass.destination, i18n.language)}
        </dd>
        <dt>{t('wallet.port')}</dt>
        <dd>{pass.port}</dd>
        <dt>{t('wallet.region')}</dt>
        <dd>{pass.region}</dd>
      </dl>
      {entry.report && !editing ? (
        <div className="actions no-print">
          <Link className="button large" href={reportPath(entry.report.token)} data-action="report">
            {t('wallet.dailyReport')}
          </Link>
          <Button className="react-aria-Button secondary" onPress={() => setEditing(true)}>
            {t('wallet.replaceReportLink')}
          </Button>
        </div>
      ) : (
        <Form
          className="no-print report-link-form"
          aria-labelledby={`${id}-link`}
          onSubmit={async (e) => {
            e.preventDefault();
            const token = reportTokenOf(text);
            setBad(!token);
            if (!token) return;
            await saveReportLink(entry, { token, passId: pass.id, region: pass.region });
            setText('');
            setEditing(false);
            onSaved();
          }}
        >
          <h4 id={`${id}-link`}>{t('wallet.reportLinkTitle')}</h4>
          <p className="hint">{t('wallet.reportLinkNote')}</p>
          <TextInput
            name="reportLink"
            label={t('wallet.reportLink')}
            value={text}
            onChange={setText}
            autoComplete="off"
          />
          {bad && (
            <p className="notice" role="alert">
              {t('wallet.reportLinkBad')}
            </p>
          )}
          <Button type="submit" className="react-aria-Button">
            {t('wallet.saveReportLink')}
          </Button>
        </Form>
      )}
    </>
  );
}
