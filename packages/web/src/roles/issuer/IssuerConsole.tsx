import { useCallback, useEffect, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Shell } from '../../shared/layout/Shell.js';
import { type ApiProblem, api, asProblem } from '../../shared/staff/api.js';
import { ProblemNotice } from '../../shared/staff/ProblemNotice.js';
import { StaffGate, useStaffSession } from '../../shared/staff/StaffGate.js';
import { TextInput } from '../../shared/staff/TextInput.js';
import { useAppCountry } from '../../shared/staff/use-app-country.js';
import { type Issued, IssueForm } from './IssueForm.js';
import type { PickerValueSet } from './ValueSetPicker.js';

/** A line of `GET /certificates`. */
interface Listing {
  uci: string;
  type: string;
  issuedAt: string;
  expiresAt: string;
  issuedBy: string;
  revoked: { at: string; reason: string | null } | null;
  textAvailable: boolean;
}

const certificatePath = (uci: string) => `/certificates/${encodeURIComponent(uci)}`;

/** The issuer console (health-authority clerks and administrators), behind staff sign-in. */
export default function IssuerConsole() {
  const { t } = useTranslation();
  return (
    <Shell title={t('issuer.title')}>
      <StaffGate roles={['issuer', 'administrator']}>
        <Console />
      </StaffGate>
    </Shell>
  );
}

function Console() {
  const { t, i18n } = useTranslation();
  const session = useStaffSession();
  const country = useAppCountry();
  const [valueSets, setValueSets] = useState<Record<string, PickerValueSet>>();
  const [list, setList] = useState<Listing[]>([]);
  const [issued, setIssued] = useState<Issued>();
  const [revoking, setRevoking] = useState<string>();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const canRevoke = session.scopes.includes('revoke');
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language);

  const reload = useCallback(async () => {
    const r = await api<{ certificates: Listing[] }>('GET', '/certificates?limit=50');
    setList(r.certificates);
  }, []);
  useEffect(() => {
    api<{ valueSets: Record<string, PickerValueSet> }>('GET', '/valuesets')
      .then((r) => setValueSets(r.valueSets))
      .catch((e) => setProblem(asProblem(e)));
    reload().catch(() => {});
  }, [reload]);

  return (
    <>
      {problem && <ProblemNotice problem={problem} />}
      {valueSets && country && (
        <IssueForm
          valueSets={valueSets}
          country={country}
          onIssued={(i) => {
            setIssued(i);
            void reload();
          }}
        />
      )}
      {issued && (
        <section className="card issued" aria-labelledby="issued-title">
          <h2 id="issued-title" role="status">
            {t('issuer.issued', { type: t(`issuer.types.${issued.type}`) })}
          </h2>
          <img
            className="issued-qr"
            src={`${certificatePath(issued.uci)}/qr.png?scale=6`}
            alt={t('issuer.qrAlt')}
            width={240}
            height={240}
          />
          <dl className="facts">
            <div className="fact-row">
              <dt>{t('issuer.uci')}</dt>
              <dd>
                <code>{issued.uci}</code>
              </dd>
            </div>
            <div className="fact-row">
              <dt>{t('issuer.expires')}</dt>
              <dd>{date(issued.expiresAt)}</dd>
            </div>
          </dl>
          <div className="actions">
            <a
              className="button"
              href={`${certificatePath(issued.uci)}/pdf`}
              target="_blank"
              rel="noopener"
            >
              {t('issuer.pdf')}
            </a>
          </div>
        </section>
      )}
      <section aria-labelledby="list-title">
        <h2 id="list-title">{t('issuer.listTitle')}</h2>
        {list.length === 0 ? (
          <p className="muted">{t('issuer.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="staff-table">
              <thead>
                <tr>
                  <th scope="col">{t('issuer.type')}</th>
                  <th scope="col">{t('issuer.uci')}</th>
                  <th scope="col">{t('issuer.issuedAt')}</th>
                  <th scope="col">{t('issuer.state')}</th>
                  <th scope="col">{t('issuer.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.uci}>
                    <td>{t(`issuer.types.${c.type}`)}</td>
                    <td>
                      <code>{c.uci}</code>
                    </td>
                    <td>{date(c.issuedAt)}</td>
                    <td>
                      {c.revoked
                        ? t('issuer.revokedState', { reason: c.revoked.reason ?? '' })
                        : t('issuer.activeState')}
                    </td>
                    <td>
                      {c.textAvailable && (
                        <a href={`${certificatePath(c.uci)}/pdf`} target="_blank" rel="noopener">
                          {t('issuer.pdf')}
                        </a>
                      )}{' '}
                      {canRevoke && !c.revoked && (
                        <Button
                          className="react-aria-Button secondary"
                          onPress={() => setRevoking(c.uci)}
                          aria-label={t('issuer.revokeOne', { uci: c.uci })}
                        >
                          {t('issuer.revoke')}
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {revoking && (
        <Form
          className="staff-form"
          aria-labelledby="revoke-title"
          onSubmit={async (e) => {
            e.preventDefault();
            setProblem(undefined);
            try {
              await api('POST', `${certificatePath(revoking)}/revoke`, { reason });
              setRevoking(undefined);
              setReason('');
              await reload();
            } catch (error) {
              setProblem(asProblem(error));
            }
          }}
        >
          <h2 id="revoke-title">{t('issuer.revokeTitle')}</h2>
          <p>
            <code>{revoking}</code>
          </p>
          <TextInput
            name="reason"
            label={t('issuer.reason')}
            value={reason}
            onChange={setReason}
            maxLength={500}
            autoFocus
          />
          <div className="actions">
            <Button type="submit" className="react-aria-Button">
              {t('issuer.confirmRevoke')}
            </Button>
            <Button className="react-aria-Button secondary" onPress={() => setRevoking(undefined)}>
              {t('issuer.cancel')}
            </Button>
          </div>
        </Form>
      )}
    </>
  );
}
