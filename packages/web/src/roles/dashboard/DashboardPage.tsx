import { LANE_STATUS_TEXTS, labelText } from '@corridor/core/i18n';
import { transitionFinding } from '@corridor/core/lanes';
import { type Lang, makeFinding } from '@corridor/core/report';
import type { TrustBundle } from '@corridor/core/trust';
import { useCallback, useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Shell } from '../../shared/layout/Shell.js';
import { BASE } from '../../shared/router.js';
import { type ApiProblem, asProblem } from '../../shared/staff/api.js';
import { answerOf, lanesApi } from '../../shared/staff/lanes-api.js';
import { ProblemNotice } from '../../shared/staff/ProblemNotice.js';
import { StaffGate } from '../../shared/staff/StaffGate.js';
import { refreshTrust } from '../../shared/trust/trust-state.js';
import { wordedBreakerParams } from './breaker-words.js';
import { IndicatorChart } from './IndicatorChart.js';
import { type LaneView, laneViews, utcDay, utcMinute } from './lane-view.js';
import { QuotaUse } from './QuotaUse.js';
import './dashboard.css';

/** How often the page re-reads the node's bundle (a 304 when nothing changed). */
const BUNDLE_POLL_MS = 60_000;
/** Events within this long of the first cause one re-read. */
const EVENT_COALESCE_MS = 1000;

/**
 * The lane dashboard, for the approving authority of either side: breaker state and history,
 * each indicator against its thresholds, the overrides, and quota use. The breaker state is
 * computed here from the signed bundle with core's state machine, the same function the node
 * and every checkpoint run; live lane events (the node's event stream) refresh it.
 */
export default function DashboardPage() {
  const { t } = useTranslation();
  return (
    <Shell title={t('dashboard.title')}>
      <StaffGate roles={['authority']}>
        <Dashboard />
      </StaffGate>
    </Shell>
  );
}

function Dashboard() {
  const { t, i18n } = useTranslation();
  const lang = (['en', 'zh', 'ko'].includes(i18n.language) ? i18n.language : 'en') as Lang;
  const [bundle, setBundle] = useState<TrustBundle>();
  const [noBundle, setNoBundle] = useState(false);
  const [at, setAt] = useState(() => new Date());
  const [live, setLive] = useState<'connecting' | 'live' | 'down'>('connecting');
  const [events, setEvents] = useState(0);
  /** Bumped at every reload: the quota tables read the node again. */
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(async () => {
    const now = new Date();
    const trust = await refreshTrust(BASE, () => now);
    setAt(now);
    setGeneration((g) => g + 1);
    setBundle(trust.bundle);
    setNoBundle(!trust.bundle);
  }, []);
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), BUNDLE_POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  useEffect(() => {
    // Lane events (passes issued, breakers...) as they happen: re-read the bundle and quota.
    const source = new EventSource('/lanes/events/stream');
    source.onopen = () => setLive('live');
    source.onerror = () =>
      setLive(source.readyState === EventSource.CLOSED ? 'down' : 'connecting');
    // A burst of events (the backlog on connecting) is one re-read, not one per event.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const onEvent = () => {
      setEvents((n) => n + 1);
      pending ??= setTimeout(() => {
        pending = undefined;
        void reload();
      }, EVENT_COALESCE_MS);
    };
    source.onmessage = onEvent;
    for (const type of [
      'pass.issued',
      'pass.revoked',
      'application.decided',
      'breaker.announced',
      'breaker.applied',
      'breaker.ended',
    ])
      source.addEventListener(type, onEvent);
    return () => {
      source.close();
      clearTimeout(pending);
    };
  }, [reload]);
  const views = bundle ? laneViews(bundle, at) : [];
  return (
    <>
      <div className="notice info dashboard-source" role="note">
        <p>
          <strong>{t('dashboard.computed')}</strong>{' '}
          {bundle
            ? t('dashboard.source', {
                version: bundle.version,
                issued: utcMinute(new Date(bundle.content.issuedAt * 1000).toISOString()),
                indicators: bundle.laneSignals().indicators.length,
                overrides: bundle.laneSignals().overrides.length,
              })
            : null}
        </p>
        <p>
          {t('dashboard.asOf', { at: utcMinute(at.toISOString()) })}{' '}
          <span className="muted">
            {t(`dashboard.live.${live}`)}
            {events > 0 ? ` ${t('dashboard.eventsSeen', { count: events })}` : ''}
          </span>
        </p>
        <Button className="react-aria-Button secondary" onPress={() => void reload()}>
          {t('dashboard.refresh')}
        </Button>
      </div>
      {noBundle && (
        <p className="notice" role="alert">
          {t('dashboard.noBundle')}
        </p>
      )}
      {bundle && views.length === 0 && <p className="muted">{t('dashboard.noLanes')}</p>}
      {views.map((v) => (
        <LaneSection key={v.id} view={v} lang={lang} at={at} generation={generation} />
      ))}
    </>
  );
}

function LaneSection({
  view,
  lang,
  at,
  generation,
}: {
  view: LaneView;
  lang: Lang;
  at: Date;
  generation: number;
}) {
  const { t } = useTranslation();
  const status = (key: keyof typeof LANE_STATUS_TEXTS, params?: Record<string, string | number>) =>
    labelText(LANE_STATUS_TEXTS, key, lang, params);
  const headingId = `lane-${view.id}`;
  if (!view.lane)
    return (
      <section aria-labelledby={headingId}>
        <h2 id={headingId}>{view.id}</h2>
        <p>{status('noLane', { lane: view.id, at: utcMinute(at.toISOString()) })}</p>
      </section>
    );
  const s = view.state;
  const blocked = s?.blocked.map((b) => status(b)).join(', ') || status('nothing');
  return (
    <section aria-labelledby={headingId} className="lane-dashboard">
      <h2 id={headingId}>{status('lane', { lane: view.id, version: view.lane.version })}</h2>
      <p className="muted">{t('dashboard.parties', { parties: view.lane.parties.join(' ⇄ ') })}</p>

      <h3>{t('dashboard.state')}</h3>
      {!s ? (
        <p>{status('noBreakers')}</p>
      ) : (
        <>
          <p className={`lane-phase phase-${s.phase}`} data-phase={s.phase}>
            <strong>
              {status('phase')}: {status(s.phase)}
            </strong>{' '}
            <span>{t('dashboard.since', { at: utcMinute(s.since) })}</span>
          </p>
          <p>
            {status('blocked')}: {blocked}
          </p>
          <div className="table-wrap">
            <table className="staff-table">
              <caption className="visually-hidden">{t('dashboard.breakers')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.breaker')}</th>
                  <th scope="col">{status('phase')}</th>
                  <th scope="col">{t('dashboard.announcedAt')}</th>
                  <th scope="col">{t('dashboard.effectiveAt')}</th>
                  <th scope="col">{t('dashboard.plannedEnd')}</th>
                </tr>
              </thead>
              <tbody>
                {s.breakers.map((b) => (
                  <tr key={b.breaker} data-breaker={b.breaker}>
                    <th scope="row">
                      <code>{b.breaker}</code>
                    </th>
                    <td>{status(b.phase)}</td>
                    <td>{b.announcedAt ? utcMinute(b.announcedAt) : '—'}</td>
                    <td>{b.effectiveAt ? utcMinute(b.effectiveAt) : '—'}</td>
                    <td>{b.plannedEnd ? utcMinute(b.plannedEnd) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {view.charts.length > 0 && <h3>{t('dashboard.indicators')}</h3>}
      {view.charts.map((c) => (
        <IndicatorChart key={c.breaker} chart={c} />
      ))}

      {s && (
        <>
          <h3>{status('history')}</h3>
          {s.history.length === 0 ? (
            <p className="muted">{t('dashboard.noHistory')}</p>
          ) : (
            <div className="table-wrap">
              <table className="staff-table breaker-history">
                <caption className="visually-hidden">{status('history')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.when')}</th>
                    <th scope="col">{t('dashboard.breaker')}</th>
                    <th scope="col">{t('dashboard.change')}</th>
                    <th scope="col">{t('dashboard.why')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...s.history].reverse().map((h) => (
                    <tr key={`${h.at}-${h.breaker}-${h.code}-${h.to}`}>
                      <td>{utcMinute(h.at)}</td>
                      <td>
                        <code>{h.breaker}</code>
                      </td>
                      <td>
                        {status(h.from)} → {status(h.to)}
                      </td>
                      <td>
                        {
                          transitionFinding(
                            { ...h, params: wordedBreakerParams(h.params, lang, t) },
                            lang,
                          ).message
                        }{' '}
                        <code>{h.code}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}

      <h3>{t('dashboard.overrides')}</h3>
      {view.overrides.length === 0 ? (
        <p className="muted">{t('dashboard.noOverrides')}</p>
      ) : (
        <div className="table-wrap">
          <table className="staff-table">
            <caption className="visually-hidden">{t('dashboard.overrides')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.when')}</th>
                <th scope="col">{t('dashboard.who')}</th>
                <th scope="col">{t('dashboard.action')}</th>
                <th scope="col">{t('dashboard.reason')}</th>
                <th scope="col">{t('dashboard.signature')}</th>
              </tr>
            </thead>
            <tbody>
              {view.overrides.map((o) => {
                const ignored = s?.ignoredOverrides.find((i) => i.digest === o.digest);
                const r = o.override.reason;
                return (
                  <tr key={o.digest}>
                    <td>{utcMinute(new Date(o.override.at * 1000).toISOString())}</td>
                    <td>{t('dashboard.authorityOf', { country: o.signer.country })}</td>
                    <td>
                      {t(`dashboard.actions.${o.override.action}`)}{' '}
                      <code>{o.override.breaker}</code>
                      {ignored && (
                        <>
                          {' '}
                          ({t('dashboard.ignored')}{' '}
                          {
                            makeFinding(
                              ignored.code,
                              lang,
                              wordedBreakerParams(
                                { override: ignored.id, ...ignored.params },
                                lang,
                                t,
                              ),
                            ).message
                          }{' '}
                          <code>{ignored.code}</code>)
                        </>
                      )}
                    </td>
                    <td>{r[lang] ?? r.en ?? r.zh ?? r.ko}</td>
                    <td>{t('dashboard.verified', { kid: o.signer.kid })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <QuotaSection view={view} at={at} generation={generation} />
    </section>
  );
}

function QuotaSection({ view, at, generation }: { view: LaneView; at: Date; generation: number }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<ApiProblem>();
  const [counters, setCounters] = useState<Awaited<ReturnType<typeof loadQuota>>>();
  const from = utcDay(at, -7);
  const to = utcDay(at, 30);
  useEffect(() => {
    if (generation === 0) return;
    loadQuota(view.id, from, to)
      .then((c) => {
        setCounters(c);
        setProblem(undefined);
      })
      .catch((e) => setProblem(asProblem(e)));
  }, [view.id, from, to, generation]);
  if (!view.lane) return null;
  return (
    <>
      <h3>{t('dashboard.quota')}</h3>
      <ul className="quota-limits">
        {view.lane.directions.map((d) => (
          <li key={`${d.origin}-${d.destination}`}>
            {t('dashboard.limits', {
              direction: `${d.origin} → ${d.destination}`,
              perDay: d.quota.perDay ?? '—',
              perPort: d.quota.perPortPerDay ?? '—',
              perSponsor: d.quota.perSponsorPerDay ?? '—',
            })}
          </li>
        ))}
      </ul>
      {problem && <ProblemNotice problem={problem} />}
      {counters && <QuotaUse counters={counters} from={from} to={to} />}
    </>
  );
}

/** The node's quota counters of a lane for arrival days `from`..`to`. */
async function loadQuota(lane: string, from: string, to: string) {
  return (await answerOf(lanesApi.lanes.quota.$get({ query: { lane, from, to } }))).counters;
}
