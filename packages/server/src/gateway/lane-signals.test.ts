import { defaultCrypto } from '@corridor/core/crypto';
import { signIndicators, signOverride } from '@corridor/core/lanes';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { HttpProblem } from '../http/problem.js';
import type { GatewayConfig } from './config.js';
import { type CountryKeys, createAnchor, createCountryKeys } from './fixtures.js';
import { bundleSignals, listSignals, publishIndicators, publishOverride } from './lane-signals.js';
import { onboardParticipant } from './participants.js';

const NOW = new Date('2026-03-01T09:00:00Z');
const crypto = defaultCrypto();
const now = Math.floor(NOW.getTime() / 1000);

/**
 * The gateway's checks on the breakers' signed inputs, called as domain functions: whose key
 * signed, when the document is dated, one document per name, and what a bundle carries.
 */
forEachEngine('gateway lane signals (domain functions)', (engine) => {
  let database: Database;
  let config: GatewayConfig;
  let cn: CountryKeys;
  let kr: CountryKeys;

  const request = (country: string, action: string, document: Uint8Array) => ({
    country,
    action,
    iat: now,
    nonce: new Uint8Array(16),
    body: { document },
  });
  const figures = (keys: CountryKeys, over: { seq?: number; iat?: number; value?: number } = {}) =>
    signIndicators(
      {
        country: keys.country,
        indicator: 'unlinked-cases',
        timeZone: 'Asia/Seoul',
        sequence: over.seq ?? 1,
        issuedAt: over.iat ?? now,
        points: [{ date: '2026-02-28', value: over.value ?? 3 }],
      },
      keys.authoritySigner,
      crypto,
    );
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpProblem);
    return (error as HttpProblem).code;
  };
  const count = async () =>
    Number(
      (
        await database.db
          .selectFrom('lane_signals')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    database = await engine.open();
    const anchor = await createAnchor();
    config = { id: 'gw', anchor: anchor.signer, anchorKey: anchor.key, crypto, now: () => NOW };
    [cn, kr] = await Promise.all([createCountryKeys('CN', NOW), createCountryKeys('KR', NOW)]);
    for (const keys of [cn, kr])
      await onboardParticipant(
        database.db,
        config,
        {
          country: keys.country,
          name: keys.country,
          uploadCertificate: keys.upload.der,
          authorityCertificate: keys.authority.der,
          cscas: [keys.csca.der],
        },
        'operator',
      );
  });

  it('records a document once, logs and audits it, and answers the same figures signed again as a repeat', async () => {
    const first = await publishIndicators(
      database.db,
      config,
      request('KR', 'indicators.publish', await figures(kr)),
    );
    expect(first.repeated).toBe(false);
    const again = await publishIndicators(
      database.db,
      config,
      request('KR', 'indicators.publish', await figures(kr)),
    );
    expect(again).toEqual({ ...first, repeated: true });
    const leaf = await database.db
      .selectFrom('changes')
      .select(['type', 'object_id'])
      .where('version', '=', first.version)
      .executeTakeFirstOrThrow();
    expect(leaf).toEqual({
      type: 'indicators.publish',
      object_id: `unlinked-cases|#1@${first.digest}`,
    });
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'indicators.publish')
      .execute();
    expect(audit).toHaveLength(1);
    expect(
      await refusal(
        publishIndicators(
          database.db,
          config,
          request('KR', 'indicators.publish', await figures(kr, { value: 9 })),
        ),
      ),
    ).toBe('INDICATORS_SEQUENCE_CONFLICT');
    expect(await count()).toBe(1);
  });

  it("refuses figures signed by another country's key, by an upload key, backdated or from the future", async () => {
    // CN's request carrying a document KR signed: only the requester's own authority key counts.
    expect(
      await refusal(
        publishIndicators(
          database.db,
          config,
          request('CN', 'indicators.publish', await figures(kr, { seq: 2 })),
        ),
      ),
    ).toBe('INDICATORS_UNSIGNED');
    const byUpload = await signIndicators(
      {
        country: 'KR',
        indicator: 'unlinked-cases',
        timeZone: 'Asia/Seoul',
        sequence: 3,
        issuedAt: now,
        points: [{ date: '2026-02-28', value: 3 }],
      },
      kr.uploadSigner,
      crypto,
    );
    expect(
      await refusal(
        publishIndicators(database.db, config, request('KR', 'indicators.publish', byUpload)),
      ),
    ).toBe('INDICATORS_UNSIGNED');
    for (const iat of [now - 2 * 86_400, now + 3600])
      expect(
        await refusal(
          publishIndicators(
            database.db,
            config,
            request('KR', 'indicators.publish', await figures(kr, { seq: 4, iat })),
          ),
        ),
      ).toBe('LANE_SIGNAL_TIME_INVALID');
    expect(
      await refusal(
        publishIndicators(
          database.db,
          config,
          request('KR', 'indicators.publish', new Uint8Array([1, 2, 3])),
        ),
      ),
    ).toBe('INDICATORS_INVALID');
    expect(await count()).toBe(1);
  });

  it('takes an override only with the authority signature, and one decision per id', async () => {
    const override = (signer: CountryKeys['authoritySigner'], reason = 'Variant of concern') =>
      signOverride(
        {
          id: 'kr-1',
          lane: 'CN-KR-FAST-TRACK',
          breaker: 'unlinked-7d',
          country: 'KR',
          at: now,
          action: 'trigger',
          reason: { en: reason },
        },
        signer,
        crypto,
      );
    expect(
      await refusal(
        publishOverride(
          database.db,
          config,
          request('KR', 'breaker.override', await override(kr.uploadSigner)),
        ),
      ),
    ).toBe('BREAKER_OVERRIDE_UNSIGNED');
    const ok = await publishOverride(
      database.db,
      config,
      request('KR', 'breaker.override', await override(kr.authoritySigner)),
    );
    expect(ok.repeated).toBe(false);
    expect(
      await refusal(
        publishOverride(
          database.db,
          config,
          request('KR', 'breaker.override', await override(kr.authoritySigner, 'Other')),
        ),
      ),
    ).toBe('BREAKER_OVERRIDE_EXISTS');
    const listed = await listSignals(database.db, 'override', { lane: 'CN-KR-FAST-TRACK' });
    expect(listed.entries.map((e) => [e.country, e.series])).toEqual([
      ['KR', 'CN-KR-FAST-TRACK|kr-1'],
    ]);
  });

  it('gives a bundle the figures of the last 400 days and the overrides', async () => {
    const carried = await bundleSignals(database.db, NOW);
    expect([carried.indicators.length, carried.breakerOverrides.length]).toEqual([1, 1]);
    const later = await bundleSignals(database.db, new Date(NOW.getTime() + 401 * 86_400_000));
    expect([later.indicators.length, later.breakerOverrides.length]).toEqual([0, 0]);
  });
});
