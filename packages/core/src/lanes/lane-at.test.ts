import { describe, expect, it } from 'vitest';
import { CN_KR_LANE_V1 } from './examples/cn-kr.js';
import { laneAt } from './lane-at.js';
import type { Lane } from './types.js';

const s = (iso: string) => Date.parse(iso) / 1000;
const V1 = CN_KR_LANE_V1;
/** The September 2020 amendment: a fifth category, from 1 September. */
const V2: Lane = {
  ...structuredClone(V1),
  version: 2,
  supersedes: 1,
  effectiveFrom: s('2020-09-01T00:00:00Z'),
};

describe('laneAt', () => {
  it('gives version 1 before the amendment takes effect and version 2 from then on', () => {
    expect(laneAt([V1, V2], new Date('2020-08-31T23:59:59Z'))?.version).toBe(1);
    expect(laneAt([V2, V1], new Date('2020-09-01T00:00:00Z'))?.version).toBe(2);
    expect(laneAt([V1, V2], new Date('2021-06-01T00:00:00Z'))?.version).toBe(2);
  });

  it('gives nothing before the lane opens or after the version in force ends', () => {
    expect(laneAt([V1, V2], new Date('2020-04-30T23:59:59Z'))).toBeUndefined();
    expect(laneAt([V1, V2], new Date('2023-01-01T00:00:00Z'))).toBeUndefined();
    expect(laneAt([], new Date('2021-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('does not bring an earlier version back when an amendment ends the lane early', () => {
    const closing: Lane = {
      ...V2,
      version: 3,
      supersedes: 2,
      effectiveTo: s('2021-02-01T00:00:00Z'),
    };
    const versions = [V1, V2, { ...closing, effectiveFrom: s('2021-01-01T00:00:00Z') }];
    expect(laneAt(versions, new Date('2021-01-15T00:00:00Z'))?.version).toBe(3);
    expect(laneAt(versions, new Date('2021-03-01T00:00:00Z'))).toBeUndefined();
  });

  it('treats versions of different lanes as a programming error', () => {
    expect(() => laneAt([V1, { ...V2, id: 'OTHER' }], new Date('2021-01-01T00:00:00Z'))).toThrow(
      TypeError,
    );
  });
});
