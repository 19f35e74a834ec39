/**
 * Applications complete per issue 13 §2 over HTTP, on both engines: sex, the closed-loop
 * itinerary and the prevention plan (text, or a PDF checked by its magic bytes, size-limited,
 * stored, purged with the personal data), and the review state between submission and decision.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { createToken } from '../issuance/accounts.js';
import { lanesApp } from './app.js';
import type { ApplicationInput } from './eligibility.js';
import { MAX_PREVENTION_PDF_BYTES } from './prevention-plan.js';
import { purgeApplications } from './retention.js';
import { Lanes } from './service.js';
import { ADMIN, APPLICATION, F, keysOf, makeFixtures, NOW, SPONSOR } from './test-fixtures.js';

beforeAll(makeFixtures);

/** A minimal but well-formed PDF file. */
const PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const COMPLETE: ApplicationInput = {
  ...APPLICATION,
  traveller: { ...APPLICATION.traveller, sex: 'M' },
  itinerary: [
    { region: 'KR-41', place: 'Hanbit fab 2, Pyeongtaek', from: '2021-03-08', to: '2021-03-15' },
    { region: 'KR-11', place: 'Designated hotel, Jung-gu', from: '2021-03-15', to: '2021-03-20' },
  ],
  preventionPlan: '숙소와 작업장만 오가며 전용 차량으로 이동합니다. 每日体温监测。',
};

forEachEngine('complete lane applications over HTTP', (engine) => {
  let database: Database;
  let app: ReturnType<typeof lanesApp>;
  const tokens = {} as { sponsor: string; other: string; authority: string };
  const call = (method: string, path: string, token: string, body?: unknown, type?: string) =>
    app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': type ?? 'application/json' } : {}),
      },
      ...(body !== undefined
        ? { body: body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body) }
        : {}),
    });
  const titled = async (res: Response) =>
    [res.status, ((await res.json()) as { title?: string }).title] as const;
  const submit = async (input: unknown) => {
    const res = await call('POST', '/lanes/applications', tokens.sponsor, input);
    return { res, id: res.status === 201 ? ((await res.json()) as { id: string }).id : '' };
  };

  beforeAll(async () => {
    database = await engine.open();
    const lanes = new Lanes(database.db, F.node, () => NOW);
    await lanes.recordVersion(F.v1, keysOf, ADMIN);
    await lanes.registerSponsor(SPONSOR, ADMIN);
    await lanes.registerSponsor({ id: 'SP-0099', name: 'Other Co.', country: 'KR' }, ADMIN);
    app = lanesApp(lanes);
    const make = async (account: string, role: 'sponsor' | 'authority') =>
      (
        await createToken(
          database.db,
          { account, role, scopes: [role === 'sponsor' ? 'lane.apply' : 'lane.decide'] },
          { actor: ADMIN, now: NOW },
        )
      ).token;
    tokens.sponsor = await make(SPONSOR.id, 'sponsor');
    tokens.other = await make('SP-0099', 'sponsor');
    tokens.authority = await make('kr-authority', 'authority');
  });

  it('stores sex, itinerary and plan text; refuses a loop outside the lane or the trip', async () => {
    const { res, id } = await submit(COMPLETE);
    expect(res.status).toBe(201);
    const row = await database.db
      .selectFrom('lane_applications')
      .select(['sex', 'itinerary', 'prevention_plan'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.sex).toBe('M');
    expect(row.itinerary).toEqual(COMPLETE.itinerary);
    expect(row.prevention_plan).toBe(COMPLETE.preventionPlan);
    const plan = await call('GET', `/lanes/applications/${id}/prevention-plan`, tokens.authority);
    expect(plan.headers.get('content-type')).toContain('text/plain');
    expect(await plan.text()).toBe(COMPLETE.preventionPlan);

    const stop = COMPLETE.itinerary![0]!;
    const refused: [unknown, number, string][] = [
      [{ ...COMPLETE, itinerary: [{ ...stop, region: 'KR-49' }] }, 422, 'LANE_REGION_NOT_SERVED'],
      // Before the entry window, and after the exemption days that follow it.
      [{ ...COMPLETE, itinerary: [{ ...stop, from: '2021-03-07' }] }, 422, 'APPLICATION_INVALID'],
      [{ ...COMPLETE, itinerary: [{ ...stop, to: '2021-03-29' }] }, 422, 'APPLICATION_INVALID'],
      [
        { ...COMPLETE, itinerary: [{ ...stop, from: '2021-03-10', to: '2021-03-09' }] },
        422,
        'APPLICATION_INVALID',
      ],
      [{ ...COMPLETE, itinerary: [{ ...stop, place: 'a\u0000b' }] }, 422, 'APPLICATION_INVALID'],
      [{ ...COMPLETE, itinerary: Array(31).fill(stop) }, 400, 'REQUEST_INVALID'],
      [{ ...COMPLETE, preventionPlan: 'x'.repeat(20_001) }, 400, 'REQUEST_INVALID'],
      [{ ...COMPLETE, preventionPlan: 'a\u0001b' }, 422, 'APPLICATION_INVALID'],
      [{ ...COMPLETE, traveller: { ...COMPLETE.traveller, sex: 'Q' } }, 400, 'REQUEST_INVALID'],
    ];
    for (const [input, status, title] of refused)
      expect([title, await titled((await submit(input)).res)]).toEqual([title, [status, title]]);
  });

  it('attaches a PDF plan (checked, bounded, only by its sponsor, only before the decision)', async () => {
    const { id } = await submit(APPLICATION);
    const put = (body: Uint8Array, token = tokens.sponsor, type = 'application/pdf') =>
      call('PUT', `/lanes/applications/${id}/prevention-plan`, token, body, type);
    expect(
      await titled(await call('GET', `/lanes/applications/${id}/prevention-plan`, tokens.sponsor)),
    ).toEqual([404, 'PREVENTION_PLAN_NOT_FOUND']);
    expect(await titled(await put(new TextEncoder().encode('<html>not a pdf</html>')))).toEqual([
      422,
      'PREVENTION_PLAN_INVALID',
    ]);
    // The magic bytes without a trailer are not enough.
    expect(await titled(await put(PDF.subarray(0, 40)))).toEqual([422, 'PREVENTION_PLAN_INVALID']);
    expect(await titled(await put(PDF, tokens.sponsor, 'application/json'))).toEqual([
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ]);
    expect(await titled(await put(PDF, tokens.other))).toEqual([404, 'APPLICATION_NOT_FOUND']);
    expect(await titled(await put(PDF, tokens.authority))).toEqual([403, 'SCOPE_MISSING']);
    const big = new Uint8Array(MAX_PREVENTION_PDF_BYTES + 1);
    big.set(PDF.subarray(0, 8));
    expect((await put(big)).status).toBe(413);

    const stored = await put(PDF);
    expect(stored.status).toBe(200);
    expect(((await stored.json()) as { bytes: number }).bytes).toBe(PDF.length);
    const got = await call('GET', `/lanes/applications/${id}/prevention-plan`, tokens.authority);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(PDF);
    expect(
      (await call('GET', `/lanes/applications/${id}/prevention-plan`, tokens.other)).status,
    ).toBe(404);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'lane.application.prevention-plan')
      .where('subject', '=', id)
      .execute();
    expect(audit).toHaveLength(1);
    const shown = async () =>
      (
        (await (await call('GET', `/lanes/applications/${id}`, tokens.sponsor)).json()) as {
          preventionPdf: unknown;
        }
      ).preventionPdf;
    expect(await shown()).toEqual({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      bytes: PDF.length,
    });

    // Removed by its sponsor only (the listing says so), then attached again.
    const remove = (token = tokens.sponsor) =>
      call('DELETE', `/lanes/applications/${id}/prevention-plan`, token);
    expect(await titled(await remove(tokens.other))).toEqual([404, 'APPLICATION_NOT_FOUND']);
    expect(await titled(await remove(tokens.authority))).toEqual([403, 'SCOPE_MISSING']);
    expect((await remove()).status).toBe(204);
    expect(await shown()).toBeNull();
    expect(await titled(await remove())).toEqual([404, 'PREVENTION_PLAN_NOT_FOUND']);
    // This application has no text plan either: nothing is left to read.
    expect(
      await titled(await call('GET', `/lanes/applications/${id}/prevention-plan`, tokens.sponsor)),
    ).toEqual([404, 'PREVENTION_PLAN_NOT_FOUND']);
    expect((await put(PDF)).status).toBe(200);
    expect(
      await database.db
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'lane.application.prevention-plan.removed')
        .where('subject', '=', id)
        .execute(),
    ).toHaveLength(1);

    // Review, then approval from review; no attachment once decided.
    expect(
      await titled(await call('POST', `/lanes/applications/${id}/review`, tokens.sponsor)),
    ).toEqual([403, 'SCOPE_MISSING']);
    const reviewed = await call('POST', `/lanes/applications/${id}/review`, tokens.authority);
    expect(((await reviewed.json()) as { state: string }).state).toBe('under-review');
    expect(
      await titled(await call('POST', `/lanes/applications/${id}/review`, tokens.authority)),
    ).toEqual([409, 'APPLICATION_STATE_CONFLICT']);
    const queue = await call('GET', '/lanes/applications?state=under-review', tokens.authority);
    expect(((await queue.json()) as { applications: { id: string }[] }).applications).toEqual([
      expect.objectContaining({ id }),
    ]);
    expect((await call('POST', `/lanes/applications/${id}/approve`, tokens.authority)).status).toBe(
      201,
    );
    expect(await titled(await put(PDF))).toEqual([409, 'APPLICATION_STATE_CONFLICT']);
    expect(await titled(await remove())).toEqual([409, 'APPLICATION_STATE_CONFLICT']);
    const events = await database.db
      .selectFrom('lane_application_events')
      .select(['from_state', 'to_state'])
      .where('application', '=', id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => `${e.from_state}→${e.to_state}`)).toEqual([
      'null→submitted',
      'submitted→under-review',
      'under-review→approved',
      'approved→pass-issued',
    ]);

    // The purge deletes the plan with the rest of the personal data.
    await purgeApplications(database.db, new Date('2021-06-01T00:00:00Z'));
    const row = await database.db
      .selectFrom('lane_applications')
      .select(['prevention_pdf', 'prevention_pdf_sha256', 'prevention_plan', 'sex', 'itinerary'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      prevention_pdf: null,
      prevention_pdf_sha256: null,
      prevention_plan: null,
      sex: null,
      itinerary: null,
    });
    expect(
      await titled(
        await call('GET', `/lanes/applications/${id}/prevention-plan`, tokens.authority),
      ),
    ).toEqual([410, 'PREVENTION_PLAN_PURGED']);
  });
});
