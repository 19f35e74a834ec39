import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { createToken } from '../issuance/accounts.js';
import { lanesApp } from './app.js';
import { DRAFT_RETENTION_DAYS } from './drafts.js';
import { Lanes } from './service.js';
import { ADMIN, APPLICATION, F, keysOf, makeFixtures, NOW, SPONSOR } from './test-fixtures.js';

beforeAll(makeFixtures);

const DAY = 86_400_000;
const { consent: _consent, ...DRAFT } = APPLICATION;

forEachEngine('lane application drafts over HTTP', (engine) => {
  let database: Database;
  let lanes: Lanes;
  let app: ReturnType<typeof lanesApp>;
  let clock = NOW;
  const tokens = {} as Record<'sponsor' | 'other' | 'authority', string>;

  beforeAll(async () => {
    database = await engine.open();
    lanes = new Lanes(database.db, F.node, () => clock);
    await lanes.recordVersion(F.v1, keysOf, ADMIN);
    await lanes.registerSponsor(SPONSOR, ADMIN);
    await lanes.registerSponsor({ ...SPONSOR, id: 'SP-0099', name: 'Other Co.' }, ADMIN);
    app = lanesApp(lanes);
    for (const [key, account, role, scope] of [
      ['sponsor', SPONSOR.id, 'sponsor', 'lane.apply'],
      ['other', 'SP-0099', 'sponsor', 'lane.apply'],
      ['authority', 'kr-mofa', 'authority', 'lane.decide'],
    ] as const)
      tokens[key] = (
        await createToken(
          database.db,
          { account, role, scopes: [scope] },
          { actor: ADMIN, now: NOW },
        )
      ).token;
  });

  const call = (method: string, path: string, token: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const answer = async (res: Response) => {
    const body = (await res.json()) as { title?: string; state?: string; id?: string };
    return [res.status, body.title ?? body.state] as const;
  };
  const draft = async (body: unknown = DRAFT) => {
    const res = await call('POST', '/lanes/applications/drafts', tokens.sponsor, body);
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; state: string; personalDataUntil: string };
  };
  const audit = async (id: string) =>
    (
      await database.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', id)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);
  const queue = async () =>
    (
      (await (await call('GET', '/lanes/applications', tokens.authority)).json()) as {
        applications: { id: string }[];
      }
    ).applications.map((a) => a.id);

  it('saves a draft unchecked, hidden from the authority, edits it, and submits it with consent', async () => {
    clock = NOW;
    // A lead time too short is not checked while a draft…
    const d = await draft({ ...DRAFT, arrivalDate: '2021-02-22' });
    expect(d.state).toBe('draft');
    expect(d.personalDataUntil).toBe(
      new Date(NOW.getTime() + DRAFT_RETENTION_DAYS * DAY).toISOString(),
    );
    // …only its sponsor sees it: not the authority's queue nor its reads, not another sponsor.
    expect(await queue()).not.toContain(d.id);
    expect(
      await answer(await call('GET', `/lanes/applications/${d.id}`, tokens.authority)),
    ).toEqual([404, 'APPLICATION_NOT_FOUND']);
    expect(await answer(await call('GET', `/lanes/applications/${d.id}`, tokens.other))).toEqual([
      404,
      'APPLICATION_NOT_FOUND',
    ]);
    expect(await answer(await call('GET', `/lanes/applications/${d.id}`, tokens.sponsor))).toEqual([
      200,
      'draft',
    ]);
    expect(
      await answer(await call('POST', `/lanes/applications/${d.id}/approve`, tokens.authority)),
    ).toEqual([404, 'APPLICATION_NOT_FOUND']);
    // …and is checked when submitted: refused with the rule's code, the draft left as it was.
    expect(
      await answer(
        await call('POST', `/lanes/applications/${d.id}/submit`, tokens.sponsor, { consent: true }),
      ),
    ).toEqual([422, 'LANE_LEAD_TIME_TOO_SHORT']);
    expect(
      await answer(await call('PUT', `/lanes/applications/${d.id}`, tokens.other, DRAFT)),
    ).toEqual([404, 'APPLICATION_NOT_FOUND']);
    clock = new Date(NOW.getTime() + DAY);
    expect(
      await answer(await call('PUT', `/lanes/applications/${d.id}`, tokens.sponsor, DRAFT)),
    ).toEqual([200, 'draft']);
    expect(
      await answer(
        await call('POST', `/lanes/applications/${d.id}/submit`, tokens.sponsor, {
          consent: false,
        }),
      ),
    ).toEqual([422, 'CONSENT_MISSING']);
    const submitted = await call('POST', `/lanes/applications/${d.id}/submit`, tokens.sponsor, {
      consent: true,
    });
    expect(await answer(submitted)).toEqual([200, 'submitted']);
    expect(await queue()).toContain(d.id);
    // Not a draft any more: no edit, no second submission.
    expect(
      await answer(await call('PUT', `/lanes/applications/${d.id}`, tokens.sponsor, DRAFT)),
    ).toEqual([409, 'APPLICATION_STATE_CONFLICT']);
    expect(
      await answer(
        await call('POST', `/lanes/applications/${d.id}/submit`, tokens.sponsor, { consent: true }),
      ),
    ).toEqual([409, 'APPLICATION_STATE_CONFLICT']);
    // Every step is in the hash-chained audit log; the approval then goes as for any submission.
    expect(await audit(d.id)).toEqual([
      'lane.application.draft',
      'lane.application.draft',
      'lane.application.submitted',
    ]);
    expect(
      (await call('POST', `/lanes/applications/${d.id}/approve`, tokens.authority)).status,
    ).toBe(201);
    // The draft announced nothing; its submission did.
    const events = await database.db
      .selectFrom('lane_outbox')
      .select('type')
      .where('subject', '=', d.id)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      'application.submitted',
      'application.decided',
      'pass.issued',
    ]);
  });

  it('discards a draft (withdraw) and the purge deletes it; an untouched draft is purged after its retention', async () => {
    clock = NOW;
    const discarded = await draft({
      ...DRAFT,
      traveller: { ...DRAFT.traveller, documentNumber: 'EB0000001' },
    });
    const forgotten = await draft({
      ...DRAFT,
      traveller: { ...DRAFT.traveller, documentNumber: 'EB0000002' },
    });
    expect(
      await answer(
        await call('POST', `/lanes/applications/${discarded.id}/withdraw`, tokens.sponsor, {}),
      ),
    ).toEqual([200, 'withdrawn']);
    await lanes.purge();
    const row = async (id: string) =>
      database.db
        .selectFrom('lane_applications')
        .select(['state', 'document_number', 'purged_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    expect(await row(discarded.id)).toMatchObject({ state: 'withdrawn', document_number: null });
    expect((await row(forgotten.id)).document_number).toBe('EB0000002');
    clock = new Date(NOW.getTime() + (DRAFT_RETENTION_DAYS + 1) * DAY);
    await lanes.purge();
    expect((await row(forgotten.id)).document_number).toBeNull();
    expect(
      await answer(
        await call('POST', `/lanes/applications/${forgotten.id}/submit`, tokens.sponsor, {
          consent: true,
        }),
      ),
    ).toEqual([409, 'APPLICATION_STATE_CONFLICT']);
  });
});
