/**
 * Hostile input for the two decoders of this module, indicator documents and overrides
 * (fast-check, fixed seeds; a failure prints the seed): whatever the bytes, the reader
 * resolves to a coded refusal from the catalogue or to a document that was really signed, and
 * never throws. Mutating a signed document never yields a different accepted document, and
 * each size limit is enforced before the work it bounds.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  authorityKeys,
  makeAuthority,
  type TestAuthority,
} from '../../../test-support/authority.js';
import { encodeCbor } from '../../cbor/encode.js';
import { Tagged } from '../../cbor/tagged.js';
import { HEADER_CONTENT_TYPE, signCoseSign1 } from '../../cose/sign.js';
import { FINDINGS } from '../../report/tables.js';
import { INDICATORS_CONTENT_TYPE, MAX_POINTS } from '../indicators/document.js';
import { readIndicators } from '../indicators/read.js';
import { signIndicators } from '../indicators/sign.js';
import { OVERRIDE_CONTENT_TYPE, readOverride, signOverride } from './override.js';

const KNOWN = new Set(Object.keys(FINDINGS));
let kr: TestAuthority;
let keys: ReturnType<typeof authorityKeys>;
let indicatorDoc: Uint8Array;
let overrideDoc: Uint8Array;

beforeAll(async () => {
  kr = await makeAuthority('KR');
  keys = authorityKeys(kr);
  indicatorDoc = await signIndicators(
    {
      country: 'KR',
      indicator: 'daily-cases',
      timeZone: 'Asia/Seoul',
      sequence: 7,
      issuedAt: 1615334400,
      points: [
        { date: '2021-03-08', value: 346 },
        { date: '2021-03-09', value: 446 },
        { date: '2021-03-10', value: { num: 3, den: 7 } },
      ],
    },
    kr.signer,
  );
  overrideDoc = await signOverride(
    {
      id: 'kr-1',
      lane: 'cn-kr-fasttrack',
      breaker: 'daily-cases-7d',
      country: 'KR',
      at: 1615334400,
      action: 'trigger',
      reason: { ko: '확산 우려', en: 'Spread concerns' },
    },
    kr.signer,
  );
});

const readers = {
  indicators: (b: Uint8Array) => readIndicators(b, keys),
  override: (b: Uint8Array) => readOverride(b, keys),
};

/** Any CBOR value a hostile sender could encode: nested maps, arrays, tags, odd numbers. */
const cborValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer(),
    fc.bigInt({ min: -(2n ** 64n) + 1n, max: 2n ** 64n - 1n }),
    fc.double(),
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      '2021-03-08',
      '2021-02-29',
      'Asia/Seoul',
      'KR',
      'trigger',
      '__proto__',
      'toString',
    ),
    fc.uint8Array({ maxLength: 16 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        'country',
        'indicator',
        'tz',
        'seq',
        'iat',
        'points',
        'lane',
        'id',
        'breaker',
        'at',
        'action',
        'until',
        'reason',
        'en',
        'x',
      ),
      tie('value'),
      { maxKeys: 6 },
    ),
    tie('value').map((v) => new Tagged(30, v)),
  ),
})).value;

describe.each(Object.entries(readers))('hostile input: %s reader', (name, read) => {
  const contentType = name === 'indicators' ? INDICATORS_CONTENT_TYPE : OVERRIDE_CONTENT_TYPE;
  const original = () => (name === 'indicators' ? indicatorDoc : overrideDoc);

  it('answers random bytes with a coded refusal, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        const r = await read(bytes);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(KNOWN).toContain(r.code);
      }),
      { seed: 1405, numRuns: 2000 },
    );
  });

  it('answers any signed payload with a coded refusal or a document that re-signs to the same payload', async () => {
    await fc.assert(
      fc.asyncProperty(cborValue, async (payload) => {
        let bytes: Uint8Array;
        try {
          bytes = await signCoseSign1(encodeCbor(payload), {
            signer: kr.signer,
            extraProtected: new Map([[HEADER_CONTENT_TYPE, contentType]]),
          });
        } catch {
          return; // not encodable (e.g. a double that is not finite is, but a symbol is not)
        }
        const r = await read(bytes);
        if (!r.ok) {
          expect(KNOWN).toContain(r.code);
          return;
        }
        // Whatever was accepted is a document an honest signer could have made.
        const again =
          'document' in r.value
            ? await readIndicators(await signIndicators(r.value.document, kr.signer), keys)
            : await readOverride(await signOverride(r.value.override, kr.signer), keys);
        expect(
          again.ok && ('document' in again.value ? again.value.document : again.value.override),
        ).toEqual('document' in r.value ? r.value.document : r.value.override);
      }),
      { seed: 2020, numRuns: 1500 },
    );
  });

  it('never accepts a mutated document as a different one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.constantFrom('flip', 'truncate', 'append'),
        async (edits, how) => {
          const base = original();
          let bytes = base.slice();
          if (how === 'truncate') bytes = bytes.subarray(0, edits[0]!.at % bytes.length);
          else if (how === 'append')
            bytes = Uint8Array.from([...bytes, ...edits.map((e) => e.value)]);
          else for (const e of edits) bytes[e.at % bytes.length] = e.value;
          const r = await read(bytes);
          if (!r.ok) {
            expect(KNOWN).toContain(r.code);
            return;
          }
          const reference = await read(base);
          expect(r).toEqual(reference);
        },
      ),
      { seed: 61, numRuns: 1500 },
    );
  });
});

describe('size limits', () => {
  it('refuses more points than the limit, before checking them', async () => {
    const points = Array.from({ length: MAX_POINTS + 1 }, (_, i) => [`x${i}`, i]);
    const bytes = await signCoseSign1(
      encodeCbor({
        country: 'KR',
        indicator: 'daily-cases',
        tz: 'Asia/Seoul',
        seq: 1,
        iat: 1,
        points,
      }),
      {
        signer: kr.signer,
        extraProtected: new Map([[HEADER_CONTENT_TYPE, INDICATORS_CONTENT_TYPE]]),
      },
    );
    expect(await readIndicators(bytes, keys)).toMatchObject({
      ok: false,
      code: 'INDICATOR_LIMIT_EXCEEDED',
    });
  });

  it('refuses deep nesting and long item runs in either document', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    for (const [type, read] of [
      [INDICATORS_CONTENT_TYPE, readers.indicators],
      [OVERRIDE_CONTENT_TYPE, readers.override],
    ] as const) {
      const nested = await signCoseSign1(encodeCbor({ reason: deep }), {
        signer: kr.signer,
        extraProtected: new Map([[HEADER_CONTENT_TYPE, type]]),
      });
      expect(await read(nested)).toMatchObject({
        ok: false,
        code: expect.stringMatching(/_LIMIT_EXCEEDED$/),
      });
      const wide = await signCoseSign1(encodeCbor({ reason: Array(10_000).fill(0) }), {
        signer: kr.signer,
        extraProtected: new Map([[HEADER_CONTENT_TYPE, type]]),
      });
      expect(await read(wide)).toMatchObject({
        ok: false,
        code: expect.stringMatching(/_LIMIT_EXCEEDED$/),
      });
    }
  });

  it('refuses a declared length far beyond the input without allocating it', async () => {
    // COSE tag, array of 4, protected bstr declaring 2^32 - 1 bytes.
    const lie = Uint8Array.from([0xd2, 0x84, 0x5a, 0xff, 0xff, 0xff, 0xff, 0x00]);
    expect(await readIndicators(lie, keys)).toMatchObject({
      ok: false,
      code: 'INDICATOR_MALFORMED',
    });
    expect(await readOverride(lie, keys)).toMatchObject({ ok: false, code: 'OVERRIDE_MALFORMED' });
  });
});
