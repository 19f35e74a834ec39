import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { createToken } from '../issuance/accounts.js';
import { lanesApp, MAX_LANES_BODY_BYTES } from './app.js';
import { arrivalNode, makeArrivalFixtures } from './arrival-fixtures.js';
import { Lanes } from './service.js';
import { ADMIN, APPLICATION, F, keysOf, makeFixtures, NOW, SPONSOR } from './test-fixtures.js';

beforeAll(async () => {
  await makeFixtures();
  await makeArrivalFixtures();
}, 180_000);

/** Bodies labelled `check: …` or `result: …` go to that route only; the others to every route. */
const fits = (label: string, path: string) =>
  label.startsWith('check: ')
    ? path === '/lanes/checks'
    : label.startsWith('result: ')
      ? path.endsWith('/result')
      : true;

/** A checkpoint body every field of which is right, to spoil one at a time. */
const CHECK = {
  checkpoint: 'arrival',
  pass: 'CP1:X',
  credentials: [],
  scheduledDeparture: '2021-03-10T01:00:00Z',
};

/** Bodies no operation may accept: wrong shapes, hostile strings, prototype keys, depth. */
const HOSTILE_BODIES: [string, string][] = [
  ['not json', '{"lane":'],
  ['null', 'null'],
  ['array', '[]'],
  ['number', '42'],
  ['deep', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['proto', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
  ['nul id', JSON.stringify({ id: 'a\u0000b', name: 'x', country: 'KR' })],
  ['nul lane', JSON.stringify({ ...APPLICATION, lane: 'CN\u0000KR' })],
  [
    'nul name',
    JSON.stringify({
      ...APPLICATION,
      traveller: { ...APPLICATION.traveller, familyName: '\u0000' },
    }),
  ],
  ['lone surrogate', JSON.stringify({ ...APPLICATION, purpose: '\ud800' })],
  ['wrong types', JSON.stringify({ ...APPLICATION, consent: 'yes', arrivalDate: 20210308 })],
  ['huge date', JSON.stringify({ ...APPLICATION, arrivalDate: '9999-99-99' })],
  ['feb 30', JSON.stringify({ ...APPLICATION, arrivalDate: '2021-02-30' })],
  ['year 0', JSON.stringify({ ...APPLICATION, arrivalDate: '0000-01-01' })],
  ['reason nul', JSON.stringify({ reasonCode: 'A\u0000', reasonText: 'x', reason: '\u0000' })],
  ['oversized', JSON.stringify({ ...APPLICATION, purpose: 'x'.repeat(MAX_LANES_BODY_BYTES) })],
  ['check: gate', JSON.stringify({ ...CHECK, checkpoint: 'gate' })],
  ['check: 17 credentials', JSON.stringify({ ...CHECK, credentials: Array(17).fill('HC1:') })],
  ['check: departure', JSON.stringify({ ...CHECK, scheduledDeparture: 'yesterday' })],
  ['check: long mrz', JSON.stringify({ ...CHECK, mrz: 'P<'.repeat(101) })],
  ['check: journey', JSON.stringify({ ...CHECK, journey: { origin: 'CN', x: 1 } })],
  ['check: lang', JSON.stringify({ ...CHECK, lang: 'fr' })],
  ['check: no pass', JSON.stringify({ ...CHECK, pass: '' })],
  ['result: maybe', JSON.stringify({ result: 'maybe' })],
  ['result: both', JSON.stringify({ result: 'negative', certificate: 'HC1:' })],
  ['result: nul', JSON.stringify({ certificate: '' })],
];
const HOSTILE_IDS = [
  '%00',
  '..%2F..',
  'x'.repeat(300),
  '%ff%fe',
  'KR-A-%00',
  "'; drop table x; --",
];

forEachEngine('lanes HTTP API under hostile input', (engine) => {
  let database: Database;
  let app: ReturnType<typeof lanesApp>;
  const tokens: string[] = [];
  let submittedId = '';

  beforeAll(async () => {
    database = await engine.open();
    const lanes = new Lanes(database.db, await arrivalNode(database.db, () => NOW), () => NOW);
    await lanes.recordVersion(F.v1, keysOf, ADMIN);
    await lanes.registerSponsor(SPONSOR, ADMIN);
    submittedId = (await lanes.submit({ ...APPLICATION, sponsor: SPONSOR.id }, ADMIN)).id;
    app = lanesApp(lanes);
    for (const [account, role, scope] of [
      ['kr-authority', 'authority', 'lane.decide'],
      [SPONSOR.id, 'sponsor', 'lane.apply'],
      ['icn-desk', 'checkpoint', 'lane.check'],
      ['lab-icn', 'laboratory', 'lane.lab'],
      ['kr-monitor', 'authority', 'lane.monitor'],
    ] as const)
      tokens.push(
        (
          await createToken(
            database.db,
            { account, role, scopes: [scope] },
            { actor: ADMIN, now: NOW },
          )
        ).token,
      );
  });

  const snapshot = async () => {
    const counts: Record<string, unknown> = {};
    for (const table of [
      'lane_sponsors',
      'lane_applications',
      'lane_application_events',
      'lane_passes',
      'lane_quota_counters',
      'lane_pass_revocation_queue',
      'lane_checks',
      'lane_arrivals',
      'lane_escalations',
      'lane_monitoring',
      'lane_monitoring_reports',
      'lane_monitoring_escalations',
      'lane_outbox',
      'lane_subscriptions',
      'lane_deliveries',
      'audit_log',
    ])
      counts[table] = (
        await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
          database.db,
        )
      ).rows[0]!.n;
    counts.states = await database.db
      .selectFrom('lane_applications')
      .select(['id', 'state'])
      .orderBy('id')
      .execute();
    return counts;
  };

  it('answers every hostile request to every lane operation with a coded problem and changes nothing', async () => {
    const before = await snapshot();
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'x', version: '0' } });
    const failures: string[] = [];
    let sent = 0;
    const routes = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => ({ path, method: method.toUpperCase() })),
    );
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const { path, method } of routes) {
      // The real id too, except where no body stands between a valid token and the act.
      const bodyless = method === 'POST' && (path.endsWith('/approve') || path.endsWith('/review'));
      const ids = /\{(id|passId)\}/.test(path)
        ? [...HOSTILE_IDS, ...(bodyless ? [] : [submittedId])]
        : [''];
      for (const id of ids) {
        // Reading a real application or one's subscriptions with a valid token is allowed
        // (hostile query ignored).
        const mayPass = method === 'GET' && (id === submittedId || path === '/lanes/subscriptions');
        const url = path.replace(/\{(id|passId)\}/, id);
        for (const token of [undefined, 'cit_forged', ...tokens]) {
          const bodies: [string, string | undefined][] =
            method === 'GET'
              ? [['none', undefined]]
              : HOSTILE_BODIES.filter(([l]) => fits(l, path));
          for (const [label, body] of bodies) {
            const res = await app.request(
              `${url}${method === 'GET' ? '?state=%00&limit=-1&after=%00&resolved=%00' : ''}`,
              {
                method,
                headers: {
                  ...(token ? { authorization: `Bearer ${token}` } : {}),
                  ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
                },
                ...(body !== undefined ? { body } : {}),
              },
            );
            sent++;
            const what = `${method} ${url.slice(0, 60)} [${label}] token ${token?.slice(0, 8)}`;
            const text = await res.text();
            if (res.status >= 500) failures.push(`${what}: ${res.status} ${text.slice(0, 200)}`);
            else if (res.status < 400) {
              if (!mayPass) failures.push(`${what}: accepted ${res.status}`);
            } else {
              let title: unknown;
              try {
                title = (JSON.parse(text) as { title?: unknown }).title;
              } catch {}
              if (
                !(res.headers.get('content-type') ?? '').startsWith('application/problem+json') ||
                typeof title !== 'string' ||
                !/^[A-Z][A-Z0-9_]*$/.test(title)
              )
                failures.push(
                  `${what}: ${res.status} without a coded problem: ${text.slice(0, 120)}`,
                );
            }
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(500);
    expect(failures, failures.join('\n')).toEqual([]);
    expect(await snapshot()).toEqual(before);
  }, 180_000);

  it('decides hostile pass, credential and MRZ texts with a coded refusal or referral, never an arrival', async () => {
    const desk = tokens[2]!;
    const texts = [
      'CP1:',
      'CP1:%%%%',
      `CP1:${'0'.repeat(8000)}`,
      'HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH',
      'shc:/5676290952432060346029243740',
      '\u0000\ud800',
      'P<CHNWANG<<XIAO<MING',
    ];
    const before = await snapshot();
    let checks = 0;
    for (const pass of texts)
      for (const mrz of [undefined, texts[5], 'P<'.repeat(44)]) {
        const res = await app.request('/lanes/checks', {
          method: 'POST',
          headers: { authorization: `Bearer ${desk}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ...CHECK, pass, credentials: texts, ...(mrz ? { mrz } : {}) }),
        });
        expect(res.status).toBe(200);
        const d = (await res.json()) as { decision: string; reasons: { code: string }[] };
        expect(['refuse', 'refer']).toContain(d.decision);
        expect(d.reasons.every((r) => /^[A-Z][A-Z0-9_]*$/.test(r.code))).toBe(true);
        checks++;
      }
    const after = await snapshot();
    // Each check is recorded and audited; nothing else changes (no arrival, no state).
    expect(after).toEqual({
      ...before,
      lane_checks: (before.lane_checks as number) + checks,
      audit_log: (before.audit_log as number) + checks,
    });
  }, 180_000);
});
