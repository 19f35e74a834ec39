import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeCbor } from '../cbor/encode.js';
import type { CoseSigner } from '../cose/sign.js';
import { signCoseSign1 } from '../cose/sign.js';
import type { CoseVerificationKey } from '../cose/verify.js';
import { countersignLane, LANE_CONTENT_TYPE, readCountersignedLane, signLane } from './document.js';
import { encodeLane, laneToWire } from './encode.js';
import { CN_KR_LANE_V1 } from './examples/cn-kr.js';
import { LANE_FINDINGS } from './findings.js';
import type { Lane } from './types.js';
import { parseLaneWire, validateLane } from './validate.js';

const SEED = 0x1a4e_2026;

interface Authority {
  signer: CoseSigner;
  key: CoseVerificationKey;
}

async function authority(): Promise<Authority> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const kid = crypto.getRandomValues(new Uint8Array(8));
  return {
    signer: { alg: 'ES256', privateKey: pair.privateKey, kid },
    key: { alg: 'ES256', key: pair.publicKey, kid },
  };
}

const A = {} as { cn: Authority; kr: Authority; jp: Authority };
const keysOf = (country: string) =>
  country === 'CN'
    ? [A.cn.key]
    : country === 'KR'
      ? [A.kr.key]
      : country === 'JP'
        ? [A.jp.key]
        : [];

beforeAll(async () => {
  A.cn = await authority();
  A.kr = await authority();
  A.jp = await authority();
});

async function countersigned(lane: Lane, first = A.cn, second = A.kr): Promise<Uint8Array> {
  const signed = await signLane(lane, first.signer);
  if (!signed.ok) throw new Error(signed.code);
  const both = await countersignLane(signed.value, second.signer);
  if (!both.ok) throw new Error(both.code);
  return both.value;
}

/** A lane changed by `edit` on a deep copy of version 1. */
function edited(edit: (lane: Lane) => void): Lane {
  const lane = structuredClone(CN_KR_LANE_V1);
  edit(lane);
  return lane;
}

function codeOf(lane: Lane): string {
  const r = validateLane(lane);
  return r.ok ? 'ok' : `${r.code}: ${r.params?.reason}`;
}

describe('lane documents', () => {
  it('round-trips a lane signed by one party and countersigned by the other, either first', async () => {
    const expected = validateLane(CN_KR_LANE_V1);
    expect(expected.ok).toBe(true);
    for (const [first, second] of [
      [A.cn, A.kr],
      [A.kr, A.cn],
    ] as const) {
      const read = await readCountersignedLane(
        await countersigned(CN_KR_LANE_V1, first, second),
        keysOf,
      );
      expect(read).toEqual(expected);
    }
  });

  it('is not valid with one signature, twice the same party, or a third country', async () => {
    const signed = await signLane(CN_KR_LANE_V1, A.cn.signer);
    expect(signed.ok && (await readCountersignedLane(signed.value, keysOf)).ok).toBe(false);
    for (const [first, second] of [
      [A.cn, A.cn],
      [A.cn, A.jp],
      [A.jp, A.kr],
    ] as const) {
      const read = await readCountersignedLane(
        await countersigned(CN_KR_LANE_V1, first, second),
        keysOf,
      );
      expect(read.ok ? 'ok' : read.code).toBe('LANE_SIGNATURE_INVALID');
    }
  });

  it('refuses any changed byte of a countersigned lane', async () => {
    const bytes = await countersigned(CN_KR_LANE_V1);
    const codes = new Set<string>();
    // Every 7th byte, flipped: headers, the lane itself and both signatures.
    for (let i = 0; i < bytes.length; i += 7) {
      const copy = bytes.slice();
      copy[i] = copy[i]! ^ 0x01;
      const read = await readCountersignedLane(copy, keysOf);
      expect(read.ok, `byte ${i}`).toBe(false);
      if (!read.ok) codes.add(read.code);
    }
    expect([...codes].every((c) => c in LANE_FINDINGS)).toBe(true);
    expect(codes).toContain('LANE_SIGNATURE_INVALID');
  });

  it('refuses a lane that both parties signed but is not in canonical CBOR', async () => {
    // Same content, keys in insertion order instead of sorted: another encoding of the same lane.
    const checked = validateLane(CN_KR_LANE_V1);
    if (!checked.ok) throw new Error(checked.code);
    const loose = encodeCbor(laneToWire(checked.value));
    expect(loose).not.toEqual(encodeLane(checked.value));
    const first = await signCoseSign1(loose, {
      signer: A.cn.signer,
      extraProtected: new Map([[3, LANE_CONTENT_TYPE]]),
    });
    const both = await signCoseSign1(first, {
      signer: A.kr.signer,
      extraProtected: new Map([[3, `${LANE_CONTENT_TYPE};countersigned`]]),
    });
    const read = await readCountersignedLane(both, keysOf);
    expect(read).toEqual({
      ok: false,
      code: 'LANE_MALFORMED',
      params: { reason: 'not in canonical CBOR form' },
    });
  });

  it('never signs a self-contradictory lane, and a party never countersigns one', async () => {
    const bad = edited((l) => {
      l.directions[0]!.regions.push('KR-11');
    });
    const signed = await signLane(bad, A.cn.signer);
    expect(signed.ok ? 'ok' : signed.code).toBe('LANE_CONTRADICTORY');
  });

  it('refuses contradictions and bad fields with coded reasons', () => {
    expect(codeOf(CN_KR_LANE_V1)).toBe('ok');
    const cases: [string, (l: Lane) => void][] = [
      [
        'LANE_CONTRADICTORY: region KR-11 is not a region of the destination CN',
        (l) => {
          l.directions[0]!.regions.push('KR-11');
        },
      ],
      [
        'LANE_CONTRADICTORY: directions[0].quota: the per-port quota is above the daily quota',
        (l) => {
          l.directions[0]!.quota = { perDay: 10, perPortPerDay: 20 };
        },
      ],
      [
        'LANE_CONTRADICTORY: directions[1].arrival names a test type but orders no arrival test',
        (l) => {
          l.directions[1]!.arrival.test = false;
        },
      ],
      [
        'LANE_CONTRADICTORY: version 2 does not name the version it supersedes',
        (l) => {
          l.version = 2;
        },
      ],
      [
        'LANE_CONTRADICTORY: supersedes is not an earlier version',
        (l) => {
          l.supersedes = 1;
        },
      ],
      [
        'LANE_CONTRADICTORY: directions[0].categories lists "BUSINESS" twice',
        (l) => {
          l.directions[0]!.categories.push(l.directions[0]!.categories[0]!);
        },
      ],
      [
        'LANE_CONTRADICTORY: the same direction is given twice',
        (l) => {
          l.directions[1] = structuredClone(l.directions[0]!);
        },
      ],
      [
        'LANE_CONTRADICTORY: directions[0] (KR to JP) is not between the two parties',
        (l) => {
          l.directions[0]!.destination = 'JP';
        },
      ],
      [
        'LANE_CONTRADICTORY: effective_to is not after effective_from',
        (l) => {
          l.effectiveTo = l.effectiveFrom;
        },
      ],
      [
        'LANE_CONTRADICTORY: both parties are the same country',
        (l) => {
          l.parties = ['CN', 'CN'];
        },
      ],
      [
        'LANE_CONTRADICTORY: directions[1] has no eligibility category',
        (l) => {
          l.directions[1]!.categories = [];
        },
      ],
      [
        'LANE_CONTRADICTORY: directions[0].health.policy asks for an entry pass not issued by CN',
        (l) => {
          l.directions[0]!.health.policy = { credential: 'entry-pass', issuers: ['KR'] };
        },
      ],
      [
        'LANE_MALFORMED: directions[0].entry_window_days is 0, outside 1..31',
        (l) => {
          l.directions[0]!.entryWindowDays = 0;
        },
      ],
      [
        'LANE_MALFORMED: directions[0].exemption_days is 40, outside 0..31',
        (l) => {
          l.directions[0]!.exemptionDays = 40;
        },
      ],
      [
        'LANE_MALFORMED: directions[0].health.policy.allOf[1].maxAgeHours is not an integer',
        (l) => {
          (l.directions[0]!.health.policy as { allOf: { maxAgeHours?: number }[] })
            .allOf[1]!.maxAgeHours = 47.5;
        },
      ],
      [
        'LANE_MALFORMED: directions[0].ports[0] "Pudong" is not of the expected form',
        (l) => {
          l.directions[0]!.ports[0] = 'Pudong';
        },
      ],
      [
        'LANE_LIMIT_EXCEEDED: directions[0].regions has 301 entries, at most 300',
        (l) => {
          l.directions[0]!.regions = Array.from({ length: 301 }, (_, i) => `CN-${i}`);
        },
      ],
      [
        'LANE_POLICY_INVALID: $.credential must be one of entry-pass, vaccination, test, recovery',
        (l) => {
          l.directions[0]!.health.policy = { credential: 'passport' } as never;
        },
      ],
    ];
    for (const [expected, edit] of cases) expect(codeOf(edited(edit))).toBe(expected);
    const r = validateLane(
      edited((l) => {
        l.directions[0]!.health.policy = { credential: 'passport' } as never;
      }),
    );
    expect(!r.ok && r.params?.direction).toBe('KR-CN');
  });

  it('refuses unknown keys and non-map input from the wire', () => {
    const wire = laneToWire(CN_KR_LANE_V1);
    const r = parseLaneWire({ ...wire, extra: 1 });
    expect(!r.ok && r.params?.reason).toBe('lane has unknown key "extra"');
    for (const v of [null, 1, 'lane', [], new Map(), new Uint8Array(2)]) {
      expect(parseLaneWire(v).ok).toBe(false);
    }
  });

  it('sorts regions, ports and visa classes so the signed bytes do not depend on typing order', () => {
    const shuffled = edited((l) => {
      l.directions[0]!.regions.reverse();
      l.directions[0]!.ports.reverse();
    });
    const a = validateLane(shuffled);
    const b = validateLane(CN_KR_LANE_V1);
    expect(a.ok && b.ok && encodeLane(a.value)).toEqual(b.ok && encodeLane(b.value));
  });

  it('answers hostile bytes with a coded refusal, never a throw (fixed seed)', async () => {
    const good = await countersigned(CN_KR_LANE_V1);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 512 }),
          fc
            .tuple(fc.nat(good.length - 1), fc.uint8Array({ minLength: 1, maxLength: 8 }))
            .map(([at, junk]) => {
              const copy = good.slice();
              copy.set(junk.subarray(0, copy.length - at), at);
              return copy;
            }),
        ),
        async (bytes) => {
          const read = await readCountersignedLane(bytes, keysOf);
          if (read.ok) expect(bytes).toEqual(good);
          else expect(read.code in LANE_FINDINGS).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 300, endOnFailure: true },
    );
  });
});
