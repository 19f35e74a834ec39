import './messages.js';
import './operator.css';
import { toHex } from '@corridor/core/lib';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Shell } from '../../shared/layout/Shell.js';
import { BASE } from '../../shared/router.js';
import { TextInput } from '../../shared/staff/TextInput.js';
import { CheckBadge, type Coded, useReason, when } from './check-badge.js';
import type { SignatureLayer } from './checks.js';
import { type ConsoleData, ConsoleProblem, GatewayReader, type LogRow } from './gateway-data.js';
import { LastVisitRow, LastVisitWarning } from './LastVisit.js';

/**
 * The gateway operator console (served by the gateway at `/app/operator`): participants, DSCs,
 * agreements and lane versions with who signed them, and the transparency log with each
 * entry's inclusion proof, all checked in the page against the configured anchor. Read-only:
 * the routes it reads are public, so it asks for no token (docs/operator-guide.md §8).
 */
export default function OperatorConsole() {
  const { t } = useTranslation();
  return (
    <Shell title={t('operator.title')}>
      <div className="operator-console">
        <p>{t('operator.intro')}</p>
        <Console />
      </div>
    </Shell>
  );
}

function Console() {
  const { t } = useTranslation();
  const [data, setData] = useState<ConsoleData>();
  const [problem, setProblem] = useState<Coded>();
  const [loadedAt, setLoadedAt] = useState<Date>();
  const reader = useRef<GatewayReader>(undefined);
  const reason = useReason();
  const load = useCallback(async () => {
    setProblem(undefined);
    setData(undefined);
    try {
      reader.current ??= await GatewayReader.open(BASE);
      const now = new Date();
      setData(await reader.current.load(now));
      setLoadedAt(now);
    } catch (error) {
      if (!(error instanceof ConsoleProblem)) throw error;
      setProblem({ code: error.code, ...(error.params ? { params: error.params } : {}) });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      {problem?.code !== 'NOT_A_GATEWAY' && (
        <div className="actions">
          <Button className="react-aria-Button secondary" onPress={() => void load()}>
            {t('operator.reload')}
          </Button>
        </div>
      )}
      {problem?.code === 'NOT_A_GATEWAY' && (
        <p className="notice info" role="note" data-code={problem.code}>
          {reason(problem)}
        </p>
      )}
      {problem && problem.code !== 'NOT_A_GATEWAY' && (
        <div className="notice" role="alert" data-code={problem.code}>
          <p>
            <strong>{t('operator.notVerified')}</strong> {reason(problem)}
          </p>
          <p>
            <code>{problem.code}</code>
          </p>
        </div>
      )}
      {!data && !problem && (
        <p className="muted" role="status">
          {t('operator.loading')}
        </p>
      )}
      {data && (
        <>
          <p className="muted" role="status">
            {t('operator.loaded', { time: when(loadedAt!.getTime()) })}
          </p>
          <Trust data={data} />
          <Participants data={data} />
          <Dscs data={data} />
          <Agreements data={data} />
          <Lanes data={data} />
          <Log data={data} reader={reader.current!} />
        </>
      )}
    </>
  );
}

/** Who signed, one line per signature, inside out. */
function Signers({ layers }: { layers: SignatureLayer[] }) {
  const { t } = useTranslation();
  return (
    <ul className="signers">
      {layers.map((l, i) => (
        <li key={`${l.kind}:${i}`} data-signer={l.country ?? ''}>
          {l.country ? (
            <>
              <span aria-hidden="true">✔ </span>
              {t(`operator.signature.${l.kind}`, { country: l.country })}
            </>
          ) : (
            <>
              <span aria-hidden="true">✘ </span>
              {t('operator.signature.unknown', { code: l.code ?? '' })}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** A titled section with a table, or the sentence saying it is empty. */
function Section({
  id,
  title,
  columns,
  empty,
  count,
  children,
}: {
  id: string;
  title: string;
  columns: string[];
  empty: string;
  count: number;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {count === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="staff-table operator-table">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function useStatus() {
  const { t, i18n } = useTranslation();
  return (status: string) =>
    i18n.exists(`operator.status.${status}`) ? t(`operator.status.${status}`) : status;
}

function Trust({ data }: { data: ConsoleData }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="trust-title">
      <h2 id="trust-title">{t('operator.trust.title')}</h2>
      <dl className="facts">
        <div className="fact-row">
          <dt>{t('operator.trust.gateway')}</dt>
          <dd>
            <code>{data.gateway}</code>
          </dd>
        </div>
        <div className="fact-row">
          <dt>{t('operator.trust.bundle')}</dt>
          <dd>
            {t('operator.trust.bundleValue', {
              version: data.bundleVersion,
              issued: when(data.bundleIssuedAt * 1000),
            })}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Participants({ data }: { data: ConsoleData }) {
  const { t } = useTranslation();
  const status = useStatus();
  const p = 'operator.participants';
  return (
    <Section
      id="participants"
      title={t(`${p}.title`, { n: data.participants.length })}
      columns={[
        t(`${p}.country`),
        t(`${p}.name`),
        t(`${p}.status`),
        t(`${p}.version`),
        t(`${p}.inBundle`),
      ]}
      empty={t(`${p}.empty`)}
      count={data.participants.length}
    >
      {data.participants.map((row) => (
        <tr key={row.country}>
          <td>{row.country}</td>
          <td>{row.name}</td>
          <td>{status(row.status)}</td>
          <td>{row.version}</td>
          <td>{row.inBundle ? t('operator.yes') : t('operator.no')}</td>
        </tr>
      ))}
    </Section>
  );
}

function Dscs({ data }: { data: ConsoleData }) {
  const { t } = useTranslation();
  const p = 'operator.dscs';
  return (
    <Section
      id="dscs"
      title={t(`${p}.title`, { n: data.dscs.length })}
      columns={[
        t(`${p}.country`),
        t(`${p}.kid`),
        t(`${p}.subject`),
        t(`${p}.notAfter`),
        t(`${p}.revoked`),
        t(`${p}.chain`),
      ]}
      empty={t(`${p}.empty`)}
      count={data.dscs.length}
    >
      {data.dscs.map((row) => (
        <tr key={`${row.country}:${row.kid}`} data-kid={row.kid}>
          <td>{row.country}</td>
          <td>
            <code>{row.kid}</code>
          </td>
          <td>{row.subject}</td>
          <td>{row.notAfter}</td>
          <td>{row.revoked ? t('operator.yes') : t('operator.no')}</td>
          <td>
            <CheckBadge check={row.check} />
          </td>
        </tr>
      ))}
    </Section>
  );
}

function Agreements({ data }: { data: ConsoleData }) {
  const { t } = useTranslation();
  const status = useStatus();
  const p = 'operator.agreements';
  return (
    <Section
      id="agreements"
      title={t(`${p}.title`, { n: data.agreements.length })}
      columns={[
        t(`${p}.id`),
        t(`${p}.parties`),
        t(`${p}.status`),
        t(`${p}.signatures`),
        t(`${p}.check`),
      ]}
      empty={t(`${p}.empty`)}
      count={data.agreements.length}
    >
      {data.agreements.map((row) => (
        <tr key={row.id} data-agreement={row.id}>
          <td>
            <code>{row.id}</code>
          </td>
          <td>{row.parties.join(' ⇄ ')}</td>
          <td>{status(row.status)}</td>
          <td>
            <Signers layers={row.layers} />
          </td>
          <td>
            <CheckBadge check={row.check} />
          </td>
        </tr>
      ))}
    </Section>
  );
}

function Lanes({ data }: { data: ConsoleData }) {
  const { t } = useTranslation();
  const p = 'operator.lanes';
  const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
  return (
    <Section
      id="lanes"
      title={t(`${p}.title`, { n: data.lanes.length })}
      columns={[
        t(`${p}.lane`),
        t(`${p}.parties`),
        t(`${p}.effective`),
        t(`${p}.recordedBy`),
        t(`${p}.signatures`),
        t(`${p}.check`),
      ]}
      empty={t(`${p}.empty`)}
      count={data.lanes.length}
    >
      {data.lanes.map((row) => (
        <tr key={`${row.id}/${row.version}`} data-lane={`${row.id}/${row.version}`}>
          <td>
            <code>{row.id}</code> v{row.version}
          </td>
          <td>{row.parties.join(' ⇄ ')}</td>
          <td>
            {day(row.effectiveFrom)} – {day(row.effectiveTo)}
          </td>
          <td>{row.recordedBy}</td>
          <td>
            <Signers layers={row.layers} />
          </td>
          <td>
            <CheckBadge check={row.check} />
          </td>
        </tr>
      ))}
    </Section>
  );
}

function Log({ data, reader }: { data: ConsoleData; reader: GatewayReader }) {
  const { t } = useTranslation();
  const p = 'operator.log';
  const { head } = data;
  return (
    <section aria-labelledby="log-title" id="log">
      <h2 id="log-title">{t(`${p}.title`)}</h2>
      <h3>{t(`${p}.head`)}</h3>
      <dl className="facts">
        <div className="fact-row">
          <dt>{t(`${p}.size`)}</dt>
          <dd>
            {head.treeSize} <span className="muted">({t(`${p}.headVerified`)})</span>
          </dd>
        </div>
        <div className="fact-row">
          <dt>{t(`${p}.root`)}</dt>
          <dd>
            <code className="hash">{toHex(head.rootHash)}</code>
          </dd>
        </div>
        <div className="fact-row">
          <dt>{t(`${p}.timestamp`)}</dt>
          <dd>{when(head.timestamp)}</dd>
        </div>
        {data.consistency && (
          <div className="fact-row">
            <dt>{t(`${p}.consistency`)}</dt>
            <dd data-consistency="">
              {t(`${p}.consistencyValue`, data.consistency)}{' '}
              <CheckBadge check={data.consistency.check} />
            </dd>
          </div>
        )}
        <LastVisitRow data={data} />
      </dl>
      <LastVisitWarning data={data} />
      <h3>{t(`${p}.entries`)}</h3>
      {data.entries.length === 0 ? (
        <p className="muted">{t(`${p}.empty`)}</p>
      ) : (
        <LogTable rows={data.entries} />
      )}
      {head.treeSize > 0 && <CheckEntry data={data} reader={reader} />}
    </section>
  );
}

function LogTable({ rows }: { rows: LogRow[] }) {
  const { t } = useTranslation();
  const p = 'operator.log';
  return (
    <div className="table-wrap">
      <table className="staff-table operator-table">
        <thead>
          <tr>
            {[`${p}.index`, `${p}.change`, `${p}.country`, `${p}.object`, `${p}.at`].map((k) => (
              <th key={k} scope="col">
                {t(k)}
              </th>
            ))}
            <th scope="col">{t(`${p}.inclusion`)}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.index} data-entry={row.index}>
              <td>{row.index}</td>
              <td>
                <code className="change">{row.entry?.type ?? ''}</code>
              </td>
              <td>{row.entry?.country ?? ''}</td>
              <td>
                <code className="hash">{row.entry?.object ?? ''}</code>
              </td>
              <td>{typeof row.entry?.at === 'number' ? when(row.entry.at * 1000) : ''}</td>
              <td>
                <CheckBadge check={row.check} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Checks the inclusion proof of any entry of the verified head, by its number. */
function CheckEntry({ data, reader }: { data: ConsoleData; reader: GatewayReader }) {
  const { t } = useTranslation();
  const p = 'operator.log';
  const max = data.head.treeSize - 1;
  const [index, setIndex] = useState('0');
  const [row, setRow] = useState<LogRow>();
  const [problem, setProblem] = useState<Coded>();
  const reason = useReason();
  return (
    <Form
      className="staff-form"
      aria-labelledby="check-entry-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setRow(undefined);
        setProblem(undefined);
        const n = Number(index);
        if (!Number.isSafeInteger(n) || n < 0 || n > max) {
          setProblem({
            code: 'TLOG_INCLUSION_INVALID',
            params: { logId: data.head.logId, index, treeSize: data.head.treeSize },
          });
          return;
        }
        try {
          setRow(await reader.entry(data.head, n));
        } catch (error) {
          if (!(error instanceof ConsoleProblem)) throw error;
          setProblem({ code: error.code });
        }
      }}
    >
      <h3 id="check-entry-title">{t(`${p}.checkTitle`)}</h3>
      <TextInput
        name="index"
        label={t(`${p}.entryNumber`, { max })}
        value={index}
        onChange={setIndex}
        inputMode="numeric"
        maxLength={12}
      />
      <Button type="submit" className="react-aria-Button">
        {t(`${p}.checkButton`)}
      </Button>
      <div aria-live="polite" className="entry-result">
        {row && (
          <p data-checked-entry={row.index}>
            {t(`${p}.checked`, { index: row.index })}: <code>{row.entry?.type ?? ''}</code>{' '}
            <code className="hash">{row.entry?.object ?? ''}</code> <CheckBadge check={row.check} />
          </p>
        )}
        {problem && (
          <p className="notice" data-code={problem.code}>
            <code>{problem.code}</code> {reason(problem)}
          </p>
        )}
      </div>
    </Form>
  );
}
