import { useEffect, useState } from 'react';
import { Button, Form, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Shell } from '../../shared/layout/Shell.js';
import { href } from '../../shared/router.js';
import { type ApiProblem, asProblem } from '../../shared/staff/api.js';
import { answerOf, lanesApi } from '../../shared/staff/lanes-api.js';
import '../../shared/staff/messages.js';
import { ProblemNotice } from '../../shared/staff/ProblemNotice.js';
import { TextInput } from '../../shared/staff/TextInput.js';
import { useAppCountry } from '../../shared/staff/use-app-country.js';
import { entryWithReportLink } from '../wallet/wallet-store.js';
import { ReportConfirmation, ReportForm, type ReportOutcome } from './ReportForm.js';
import { reportTokenOf } from './report-token.js';

/** The token in the page's fragment (`/app/report#crt_…`), if any. */
const tokenInUrl = () => reportTokenOf(decodeURIComponent(location.hash.slice(1)));

/**
 * The traveller's daily report (W7), opened from the report link the laboratory handed over or
 * from the pass in the wallet: no account, the link's token is the bearer of
 * `POST /monitoring/report`. Without a token the page says so and takes the link pasted. The
 * node's refusals (a used-up or replaced link, a day already reported, no day open, a region
 * outside the destination) are shown in the traveller's language with their codes.
 */
export default function ReportPage() {
  const { t } = useTranslation();
  const country = useAppCountry();
  const [token, setToken] = useState(tokenInUrl);
  const [pass, setPass] = useState<{ passId: string; region: string }>();
  const [outcome, setOutcome] = useState<ReportOutcome>();
  const [problem, setProblem] = useState<ApiProblem>();
  useEffect(() => {
    const onHash = () => {
      const next = tokenInUrl();
      if (next) setToken(next);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    // On a phone the form is long: the refusal (or the confirmation) is at the top.
    if (problem || outcome) scrollTo(0, 0);
  }, [problem, outcome]);
  useEffect(() => {
    setPass(undefined);
    setOutcome(undefined);
    setProblem(undefined);
    if (!token) return;
    // A link saved with a pass in this device's wallet gives the declared region and pass id.
    entryWithReportLink(token)
      .then((e) => setPass(e?.report))
      .catch(() => {});
  }, [token]);
  return (
    <Shell title={t('report.title')}>
      <p>{t('report.intro')}</p>
      {problem && <ProblemNotice problem={problem} />}
      {!token ? (
        <NoLink onLink={setToken} />
      ) : outcome ? (
        <>
          <ReportConfirmation outcome={outcome} />
          <p>
            <Link href={href('/wallet/certificates')}>{t('report.toWallet')}</Link>
          </p>
        </>
      ) : country === undefined ? (
        <p className="muted" role="status">
          {t('shell.loading')}
        </p>
      ) : (
        <>
          {pass && <p className="report-pass">{t('report.forPass', { id: pass.passId })}</p>}
          <ReportForm
            // The wallet's entry arrives after the first render: the form starts again with it.
            key={pass?.region ?? ''}
            id="report"
            region={pass?.region ?? (country ? `${country}-` : '')}
            submitLabel={t('report.send')}
            submit={async (json) => {
              setProblem(undefined);
              try {
                setOutcome(
                  await answerOf(
                    lanesApi.monitoring.report.$post(
                      { json },
                      { headers: { authorization: `Bearer ${token}` } },
                    ),
                  ),
                );
              } catch (e) {
                setProblem(asProblem(e));
              }
            }}
          />
        </>
      )}
    </Shell>
  );
}

/** No token in the link: say so, and take the link (or token) pasted. */
function NoLink({ onLink }: { onLink: (token: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [bad, setBad] = useState(false);
  return (
    <>
      <p className="notice" role="alert">
        {t(bad ? 'report.badLink' : 'report.noLink')}
      </p>
      <Form
        className="staff-form"
        aria-labelledby="paste-link-title"
        onSubmit={(e) => {
          e.preventDefault();
          const token = reportTokenOf(text);
          setBad(!token);
          if (!token) return;
          // Kept in the fragment (never sent to a server), so the page can be bookmarked.
          history.replaceState(null, '', `${location.pathname}#${token}`);
          onLink(token);
        }}
      >
        <h2 id="paste-link-title">{t('report.pasteTitle')}</h2>
        <TextInput
          name="link"
          label={t('report.pasteLink')}
          value={text}
          onChange={setText}
          autoComplete="off"
        />
        <div className="actions">
          <Button type="submit" className="react-aria-Button large">
            {t('report.openLink')}
          </Button>
        </div>
      </Form>
    </>
  );
}
