import { beforeAll, describe, expect, it } from 'vitest';
import {
  authorityKeys,
  makeAuthority,
  type TestAuthority,
} from '../../../test-support/authority.js';
import { encodeCbor } from '../../cbor/encode.js';
import { HEADER_CONTENT_TYPE, signCoseSign1 } from '../../cose/sign.js';
import {
  type BreakerOverride,
  OVERRIDE_CONTENT_TYPE,
  readOverride,
  signOverride,
} from './override.js';

let kr: TestAuthority;
let keys: ReturnType<typeof authorityKeys>;
beforeAll(async () => {
  kr = await makeAuthority('KR');
  keys = authorityKeys(kr);
});

const END: BreakerOverride = {
  id: 'kdca-2021-07-01',
  lane: 'cn-kr-fasttrack',
  breaker: 'daily-cases-7d',
  country: 'KR',
  at: 1625097600,
  action: 'end',
  until: 1625702400,
  reason: {
    ko: '지역 확산이 진정되어 조기 종료합니다.',
    en: 'Local spread contained; ending early.',
  },
};

const payload = {
  id: END.id,
  lane: END.lane,
  breaker: END.breaker,
  country: 'KR',
  at: END.at,
  action: 'end',
  until: END.until,
  reason: END.reason,
};

async function raw(p: unknown, type: unknown = OVERRIDE_CONTENT_TYPE) {
  return signCoseSign1(encodeCbor(p), {
    signer: kr.signer,
    extraProtected: new Map([[HEADER_CONTENT_TYPE, type]]),
  });
}

describe('signOverride / readOverride', () => {
  it('round-trips, naming the signer and the digest', async () => {
    const r = await readOverride(await signOverride(END, kr.signer), keys);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.override).toEqual(END);
      expect(r.value.signer).toEqual({ country: 'KR', kid: '4b52000000000000' });
    }
  });

  it.each([
    ['a delay without until', { action: 'delay', until: undefined }, 'OVERRIDE_MALFORMED'],
    ['effective_at on an end', { effective_at: END.at }, 'OVERRIDE_MALFORMED'],
    ['until before at', { until: END.at - 1 }, 'OVERRIDE_MALFORMED'],
    ['an unknown action', { action: 'pause' }, 'OVERRIDE_MALFORMED'],
    ['an unknown field', { by: 'minister' }, 'OVERRIDE_MALFORMED'],
    ['a reason in an unknown language', { reason: { fr: 'raison' } }, 'OVERRIDE_MALFORMED'],
    ['a reason of 2001 characters', { reason: { en: 'x'.repeat(2001) } }, 'OVERRIDE_MALFORMED'],
    ['no reason', { reason: undefined }, 'OVERRIDE_REASON_MISSING'],
    ['an empty reason', { reason: {} }, 'OVERRIDE_REASON_MISSING'],
    ['a blank reason', { reason: { en: ' ', zh: '\n' } }, 'OVERRIDE_REASON_MISSING'],
    ['a negative instant', { at: -1 }, 'OVERRIDE_MALFORMED'],
    ['a nested reason', { reason: { en: { text: 'x' } } }, 'OVERRIDE_MALFORMED'],
  ])('refuses %s', async (_, change, code) => {
    const p = Object.fromEntries(
      Object.entries({ ...payload, ...change }).filter(([, v]) => v !== undefined),
    );
    expect(await readOverride(await raw(p), keys)).toMatchObject({ ok: false, code });
  });

  it('refuses other document types, oversized input and a missing signature', async () => {
    expect(
      await readOverride(await raw(payload, 'application/corridor-indicators+cbor'), keys),
    ).toMatchObject({
      ok: false,
      code: 'OVERRIDE_WRONG_TYPE',
    });
    expect(await readOverride(new Uint8Array(20_000), keys)).toMatchObject({
      ok: false,
      code: 'OVERRIDE_TOO_LARGE',
    });
    const unsigned = encodeCbor([
      encodeCbor(new Map([[3, OVERRIDE_CONTENT_TYPE]])),
      new Map(),
      encodeCbor(payload),
      new Uint8Array(),
    ]);
    expect(await readOverride(unsigned, keys)).toMatchObject({
      ok: false,
      code: 'OVERRIDE_NOT_SIGNED',
    });
  });

  it('refuses an override whose key the reader does not hold', async () => {
    const other = await makeAuthority('KR', 1);
    expect(await readOverride(await signOverride(END, other.signer), keys)).toMatchObject({
      ok: false,
      code: 'OVERRIDE_KEY_UNKNOWN',
    });
  });
});
