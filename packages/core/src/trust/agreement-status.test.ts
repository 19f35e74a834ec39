import { describe, expect, it } from 'vitest';
import {
  AGREEMENT_ACTIONS,
  type AgreementAction,
  type AgreementStatus,
  nextAgreementStatus,
} from './agreement.js';

const PARTIES = ['CN', 'KR'] as const;
const STATUSES: AgreementStatus[] = [
  'proposed',
  'signed',
  'countersigned',
  'active',
  'suspended',
  'terminated',
];

/** Every transition that exists; any (status, action) pair not listed must be refused. */
const ALLOWED: [AgreementStatus | undefined, AgreementAction, AgreementStatus][] = [
  [undefined, 'propose', 'signed'],
  ['signed', 'countersign', 'countersigned'],
  ['signed', 'terminate', 'terminated'],
  ['countersigned', 'activate', 'active'],
  ['countersigned', 'terminate', 'terminated'],
  ['active', 'suspend', 'suspended'],
  ['active', 'terminate', 'terminated'],
  ['suspended', 'activate', 'active'],
  ['suspended', 'terminate', 'terminated'],
];

describe('nextAgreementStatus', () => {
  it.each(ALLOWED)('%s --%s--> %s, for either party', (current, action, next) => {
    for (const actor of PARTIES)
      expect(nextAgreementStatus(current, action, actor, PARTIES)).toEqual({
        ok: true,
        value: next,
      });
  });

  it('refuses every other step on an existing agreement as AGREEMENT_STATE or AGREEMENT_EXISTS', () => {
    let refused = 0;
    for (const current of STATUSES) {
      for (const action of AGREEMENT_ACTIONS) {
        if (ALLOWED.some(([c, a]) => c === current && a === action)) continue;
        const result = nextAgreementStatus(current, action, 'KR', PARTIES);
        expect(result.ok, `${current} --${action}`).toBe(false);
        if (!result.ok)
          expect(result.code).toBe(action === 'propose' ? 'AGREEMENT_EXISTS' : 'AGREEMENT_STATE');
        refused++;
      }
    }
    // 6 statuses × 5 actions, less the 8 transitions from an existing agreement.
    expect(refused).toBe(22);
  });

  it('keeps terminated final and proposed drafts inert', () => {
    for (const action of AGREEMENT_ACTIONS.filter((a) => a !== 'propose')) {
      expect(nextAgreementStatus('terminated', action, 'CN', PARTIES)).toMatchObject({
        ok: false,
        code: 'AGREEMENT_STATE',
        params: { status: 'terminated', action },
      });
      expect(nextAgreementStatus('proposed', action, 'CN', PARTIES)).toMatchObject({
        ok: false,
        code: 'AGREEMENT_STATE',
      });
    }
  });

  it('answers AGREEMENT_NOT_FOUND for any step but propose on an unknown agreement', () => {
    for (const action of AGREEMENT_ACTIONS.filter((a) => a !== 'propose'))
      expect(nextAgreementStatus(undefined, action, 'CN', PARTIES)).toEqual({
        ok: false,
        code: 'AGREEMENT_NOT_FOUND',
        params: { action },
      });
  });

  it('lets only a party act, before looking at the status', () => {
    for (const current of [undefined, ...STATUSES.filter((s) => s !== 'terminated')]) {
      for (const action of AGREEMENT_ACTIONS) {
        const result = nextAgreementStatus(current, action, 'JP', PARTIES);
        if (action === 'propose' && current !== undefined) continue;
        if (action !== 'propose' && current === undefined) continue;
        expect(result).toEqual({
          ok: false,
          code: 'AGREEMENT_NOT_PARTY',
          params: { actor: 'JP', action },
        });
      }
    }
    // A third country learns nothing about the state of an agreement it is not party to.
    expect(nextAgreementStatus('terminated', 'activate', 'JP', PARTIES)).toMatchObject({
      code: 'AGREEMENT_NOT_PARTY',
    });
  });

  it('answers AGREEMENT_EXISTS before checking who proposes again', () => {
    expect(nextAgreementStatus('active', 'propose', 'JP', PARTIES)).toEqual({
      ok: false,
      code: 'AGREEMENT_EXISTS',
      params: { status: 'active' },
    });
  });
});
