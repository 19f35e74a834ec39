import { defaultCrypto } from '@corridor/core/crypto';
import {
  countersignAgreement,
  type RecognitionAgreement,
  signAgreement,
} from '@corridor/core/trust';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { HttpProblem } from '../http/problem.js';
import { listAgreements, recordAgreementStep } from './agreements.js';
import type { GatewayConfig } from './config.js';
import { type CountryKeys, createAnchor, createCountryKeys } from './fixtures.js';
import { onboardParticipant } from './participants.js';

const NOW = new Date('2026-03-01T09:00:00Z');
const crypto = defaultCrypto();

/**
 * The agreement domain functions called directly, without HTTP or request signatures: each
 * refusal of core's lifecycle reaches the caller as the gateway's problem, and nothing is
 * stored for a refused step.
 */
forEachEngine('gateway agreement steps (domain functions)', (engine) => {
  let database: Database;
  let config: GatewayConfig;
  let cn: CountryKeys;
  let kr: CountryKeys;
  let jp: CountryKeys;
  let signed: Uint8Array;
  let countersigned: Uint8Array;
  const ID = 'CN-KR-2026';

  const step = (country: string, action: string, body: Record<string, unknown> = {}) =>
    recordAgreementStep(database.db, config, `agreement.${action}`, {
      country,
      action: `agreement.${action}`,
      iat: Math.floor(NOW.getTime() / 1000),
      nonce: new Uint8Array(16),
      body: { id: ID, ...body },
    });
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpProblem);
    const problem = error as HttpProblem;
    return { status: problem.status, code: problem.code };
  };
  const stored = async () => (await listAgreements(database.db)).map((a) => [a.id, a.status]);

  beforeAll(async () => {
    database = await engine.open();
    const anchor = await createAnchor();
    config = { id: 'gw', anchor: anchor.signer, anchorKey: anchor.key, crypto, now: () => NOW };
    [cn, kr, jp] = await Promise.all([
      createCountryKeys('CN', NOW),
      createCountryKeys('KR', NOW),
      createCountryKeys('JP', NOW),
    ]);
    for (const keys of [cn, kr, jp])
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
    const agreement: RecognitionAgreement = {
      id: ID,
      parties: ['CN', 'KR'],
      recognitions: [{ verifier: 'KR', issuer: 'CN', types: ['vaccination'] }],
      validFrom: Math.floor(NOW.getTime() / 1000),
      validTo: Math.floor(NOW.getTime() / 1000) + 86400,
    };
    signed = await signAgreement(agreement, cn.authoritySigner, crypto);
    countersigned = await countersignAgreement(signed, kr.authoritySigner, crypto);
  }, 180_000);

  it('refuses steps on an agreement nobody proposed, and a proposal by a third country', async () => {
    expect(await refusal(step('KR', 'activate'))).toEqual({
      status: 404,
      code: 'AGREEMENT_NOT_FOUND',
    });
    expect(await refusal(step('JP', 'propose', { document: signed }))).toEqual({
      status: 403,
      code: 'REQUEST_WRONG_PARTICIPANT',
    });
    expect(await refusal(step('CN', 'propose', { document: new Uint8Array([0xf6]) }))).toEqual({
      status: 422,
      code: 'AGREEMENT_INVALID',
    });
    expect(await stored()).toEqual([]);
  });

  it('walks propose → countersign → activate ⇄ suspend → terminate, refusing what is out of order', async () => {
    expect((await step('CN', 'propose', { document: signed })).status).toBe('signed');
    expect(await refusal(step('KR', 'propose', { document: signed }))).toEqual({
      status: 409,
      code: 'AGREEMENT_EXISTS',
    });
    expect(await refusal(step('KR', 'activate'))).toEqual({
      status: 409,
      code: 'AGREEMENT_STATE',
    });
    // A countersignature by the proposer itself does not verify as both parties' signatures.
    const selfCountersigned = await countersignAgreement(signed, cn.authoritySigner, crypto);
    expect(await refusal(step('KR', 'countersign', { document: selfCountersigned }))).toEqual({
      status: 422,
      code: 'AGREEMENT_SIGNATURE_INVALID',
    });
    expect((await step('KR', 'countersign', { document: countersigned })).status).toBe(
      'countersigned',
    );
    expect(await refusal(step('JP', 'activate'))).toEqual({
      status: 403,
      code: 'REQUEST_WRONG_PARTICIPANT',
    });
    expect((await step('KR', 'activate')).status).toBe('active');
    expect(await refusal(step('CN', 'activate'))).toEqual({
      status: 409,
      code: 'AGREEMENT_STATE',
    });
    expect((await step('CN', 'suspend')).status).toBe('suspended');
    expect((await step('KR', 'activate')).status).toBe('active');
    expect((await step('CN', 'terminate')).status).toBe('terminated');
    for (const action of ['activate', 'suspend', 'terminate'])
      expect(await refusal(step('KR', action))).toEqual({ status: 409, code: 'AGREEMENT_STATE' });
    expect(await stored()).toEqual([[ID, 'terminated']]);
  });

  it('refuses an action that is no lifecycle step', async () => {
    expect(await refusal(step('CN', 'approve'))).toEqual({
      status: 400,
      code: 'REQUEST_MALFORMED',
    });
  });
});
