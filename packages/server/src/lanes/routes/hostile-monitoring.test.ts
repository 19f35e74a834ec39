import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { forEachEngine } from '../../db/test-engines.js';
import { createToken } from '../../issuance/accounts.js';
import { lanesApp } from '../app.js';
import { Lanes } from '../service.js';
import { ADMIN, APPLICATION, F, keysOf, makeFixtures, NOW, SPONSOR } from '../test-fixtures.js';

beforeAll(makeFixtures);

const RELEASED = new Date('2021-03-09T10:00:00Z');
const WELL = { temperature: 'normal', symptoms: [], region: 'KR-11' };
/** Report bodies no report route may take, sent with a valid link or operator token. */
const BAD_REPORTS: [string, string][] = [
  ['not json', '{"temperature":'],
  ['null', 'null'],
  ['array', '[]'],
  ['deep', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['proto', '{"__proto__":{"temperature":"normal"}}'],
  ['band', JSON.stringify({ ...WELL, temperature: 'hot' })],
  ['symptom', JSON.stringify({ ...WELL, symptoms: ['sneezing'] })],
  ['symptoms many', JSON.stringify({ ...WELL, symptoms: Array(50).fill('cough') })],
  ['symptom nul', JSON.stringify({ ...WELL, symptoms: ['cough\u0000'] })],
  ['region foreign', JSON.stringify({ ...WELL, region: 'CN-31' })],
  ['region nul', JSON.stringify({ ...WELL, region: 'KR-\u0000' })],
  ['region long', JSON.stringify({ ...WELL, region: `KR-${'1'.repeat(300)}` })],
  ['place empty', JSON.stringify({ ...WELL, place: '' })],
  ['place long', JSON.stringify({ ...WELL, place: 'x'.repeat(201) })],
  ['test', JSON.stringify({ ...WELL, testResult: 'maybe' })],
  ['contact', JSON.stringify({ ...WELL, closeContact: 'yes' })],
  ['extra', JSON.stringify({ ...WELL, day: 3 })],
  ['oversized', JSON.stringify({ ...WELL, place: 'x'.repeat(8000) })],
];
/** A well-formed quota read around the fixtures' arrival day. */
const QUOTA_OK = '/lanes/quota?lane=CN-KR-FAST-TRACK&from=2021-03-01&to=2021-03-31';
const BAD_SUBSCRIPTIONS: [string, string][] = [
  ['javascript', JSON.stringify({ url: 'javascript:alert(1)', types: ['*'] })],
  ['file', JSON.stringify({ url: 'file:///etc/passwd', types: ['*'] })],
  ['plain http', JSON.stringify({ url: 'http://10.0.0.1/hook', types: ['*'] })],
  ['credentials', JSON.stringify({ url: 'https://u:p@example.com/', types: ['*'] })],
  ['relative', JSON.stringify({ url: '/hook', types: ['*'] })],
  ['long', JSON.stringify({ url: `https://example.com/${'a'.repeat(2100)}`, types: ['*'] })],
  ['type', JSON.stringify({ url: 'https://example.com/', types: ['pass.eaten'] })],
  ['no types', JSON.stringify({ url: 'https://example.com/', types: [] })],
  ['nul', JSON.stringify({ url: 'https://example.com/\u0000', types: ['*'] })],
  ['proto', '{"__proto__":{"url":"https://example.com/"},"types":["*"]}'],
];

forEachEngine('monitoring and events HTTP under hostile input', (engine) => {
  let database: Database;
  let app: ReturnType<typeof lanesApp>;
  let link = '';
  let passId = '';
  let monitor = '';
  let decide = '';

  beforeAll(async () => {
    database = await engine.open();
    let clock = NOW;
    const lanes = new Lanes(database.db, F.node, () => clock);
    await lanes.recordVersion(F.v1, keysOf, ADMIN);
    await lanes.registerSponsor(SPONSOR, ADMIN);
    const a = await lanes.submit({ ...APPLICATION, sponsor: SPONSOR.id }, ADMIN);
    passId = (await lanes.approve(a.id, ADMIN)).passId;
    link = (await lanes.startMonitoring(passId, RELEASED, ADMIN)).token;
    clock = new Date(RELEASED.getTime() + 3_600_000);
    app = lanesApp(lanes);
    monitor = (
      await createToken(
        database.db,
        { account: 'kr-monitor', role: 'authority', scopes: ['lane.monitor'] },
        { actor: ADMIN, now: NOW },
      )
    ).token;
    decide = (
      await createToken(
        database.db,
        { account: 'kr-officer', role: 'authority', scopes: ['lane.decide'] },
        { actor: ADMIN, now: NOW },
      )
    ).token;
  });

  const snapshot = async () => {
    const counts: Record<string, number> = {};
    for (const table of [
      'lane_monitoring_reports',
      'lane_monitoring_escalations',
      'lane_subscriptions',
      'lane_outbox',
      'lane_passes',
      'audit_log',
    ])
      counts[table] = (
        await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
          database.db,
        )
      ).rows[0]!.n;
    return counts;
  };

  it('answers hostile reports, links, subscriptions, ids and cursors with coded problems and changes nothing', async () => {
    const before = await snapshot();
    const requests: [string, string, string | undefined, string | undefined][] = [];
    for (const [, body] of BAD_REPORTS) {
      requests.push(['POST', '/monitoring/report', `Bearer ${link}`, body]);
      requests.push(['POST', `/lanes/monitoring/${passId}/reports`, `Bearer ${monitor}`, body]);
    }
    for (const auth of [
      undefined,
      'Bearer ',
      `Bearer ${link}x`,
      `Bearer crt_${'A'.repeat(43)}`,
      `Basic ${link}`,
      `Bearer ${link.replace('crt_', 'cit_')}`,
      `Bearer crt_${'\u00e9'.repeat(43)}`,
    ])
      requests.push(['POST', '/monitoring/report', auth, JSON.stringify(WELL)]);
    for (const [, body] of BAD_SUBSCRIPTIONS)
      requests.push(['POST', '/lanes/subscriptions', `Bearer ${monitor}`, body]);
    for (const id of ['0', '-1', '1e99', '99999999999999999999', 'x', '%00'])
      requests.push([
        'POST',
        `/lanes/monitoring/escalations/${id}/resolve`,
        `Bearer ${monitor}`,
        JSON.stringify({ resolution: 'checked' }),
      ]);
    requests.push([
      'POST',
      '/lanes/monitoring/escalations/1/resolve',
      `Bearer ${monitor}`,
      JSON.stringify({ resolution: '' }),
    ]);
    for (const id of ['sub_', 'sub_%00%00%00%00%00%00%00%00', `sub_${'a'.repeat(16)}`, '..%2F'])
      requests.push(['DELETE', `/lanes/subscriptions/${id}`, `Bearer ${monitor}`, undefined]);
    for (const q of ['after=-1', 'after=1e3', `after=${'9'.repeat(30)}`, 'limit=0', 'limit=501'])
      requests.push(['GET', `/lanes/events?${q}`, `Bearer ${monitor}`, undefined]);
    requests.push(['GET', '/lanes/events/stream?after=%00', `Bearer ${monitor}`, undefined]);
    // The dashboard's quota read: refused to a monitoring token, and malformed queries.
    requests.push(['GET', QUOTA_OK, `Bearer ${monitor}`, undefined]);
    for (const q of [
      '',
      'lane=CN-KR-FAST-TRACK',
      'lane=%00&from=2021-03-01&to=2021-03-02',
      `lane=${'A'.repeat(65)}&from=2021-03-01&to=2021-03-02`,
      'lane=CN-KR-FAST-TRACK&from=2021-03-02&to=2021-03-01',
      'lane=CN-KR-FAST-TRACK&from=2021-01-01&to=2021-12-31',
      'lane=CN-KR-FAST-TRACK&from=2021-13-01&to=2021-13-02',
      'lane=CN-KR-FAST-TRACK&from=2021-03-01&to=%00',
      "lane=CN-KR-FAST-TRACK'--&from=2021-03-01&to=2021-03-02",
    ])
      requests.push(['GET', `/lanes/quota?${q}`, `Bearer ${decide}`, undefined]);
    requests.push(['POST', '/lanes/monitoring/%00/link', `Bearer ${monitor}`, undefined]);
    requests.push(['POST', '/lanes/monitoring/NO-SUCH-PASS/link', `Bearer ${monitor}`, undefined]);
    requests.push([
      'GET',
      '/lanes/monitoring/worklist?resolved=maybe',
      `Bearer ${monitor}`,
      undefined,
    ]);
    requests.push(['GET', '/lanes/monitoring/worklist', `Bearer ${link}`, undefined]);

    const failures: string[] = [];
    for (const [method, path, auth, body] of requests) {
      const res = await app.request(path, {
        method,
        headers: {
          ...(auth !== undefined ? { authorization: auth } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body } : {}),
      });
      const text = await res.text();
      const what = `${method} ${path.slice(0, 60)} ${body?.slice(0, 40) ?? ''}: ${res.status}`;
      let title: unknown;
      try {
        title = (JSON.parse(text) as { title?: unknown }).title;
      } catch {}
      if (res.status < 400 || res.status >= 500) failures.push(`${what} ${text.slice(0, 120)}`);
      else if (typeof title !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(title))
        failures.push(`${what} without a coded problem: ${text.slice(0, 120)}`);
    }
    expect(requests.length).toBeGreaterThan(60);
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
    // The link still works for a proper report after all that.
    const ok = await app.request('/monitoring/report', {
      method: 'POST',
      headers: { authorization: `Bearer ${link}`, 'content-type': 'application/json' },
      body: JSON.stringify(WELL),
    });
    expect(ok.status).toBe(201);
    // And the authority reads the pass's quota use (direction, port and sponsor counters).
    const quota = await app.request(QUOTA_OK, { headers: { authorization: `Bearer ${decide}` } });
    expect(quota.status).toBe(200);
    const { counters } = (await quota.json()) as { counters: { kind: string; used: number }[] };
    expect(counters.map((c) => [c.kind, c.used])).toEqual(
      expect.arrayContaining([['direction', 1]]),
    );
  }, 180_000);
});
