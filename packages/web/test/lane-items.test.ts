import { describe, expect, it } from 'vitest';
import { PASS_MRZ } from '../../core/test-support/entry-pass.js';
import {
  addLaneItem,
  NO_LANE_ITEMS,
  removeLaneCredential,
} from '../src/roles/border/lane-items.js';

const [L1, L2] = PASS_MRZ.split('\n') as [string, string];

describe('the lane items of one traveller (what the scanner routes where)', () => {
  it('takes a CP1: text as the pass, replacing an earlier one', () => {
    const a = addLaneItem(NO_LANE_ITEMS, 'CP1:AAA');
    expect(addLaneItem(a, 'cp1:BBB').pass).toBe('cp1:BBB');
  });

  it('reads the MRZ as two lines, 88 characters, pipe-separated, or one line after the other', () => {
    for (const text of [PASS_MRZ, L1 + L2, `${L1}|${L2}`, ` ${L1.toLowerCase()}\r\n${L2} `])
      expect(addLaneItem(NO_LANE_ITEMS, text).mrz, text).toBe(PASS_MRZ);
    const half = addLaneItem(NO_LANE_ITEMS, L1);
    expect(half).toEqual({ credentials: [], mrzLine1: L1 });
    expect(addLaneItem(half, L2)).toEqual({ credentials: [], mrz: PASS_MRZ });
  });

  it('keeps anything else as a certificate, once, and removes one by index', () => {
    let items = addLaneItem(NO_LANE_ITEMS, 'HC1:ONE');
    items = addLaneItem(items, 'shc:/56');
    items = addLaneItem(items, 'HC1:ONE');
    expect(items.credentials).toEqual(['HC1:ONE', 'shc:/56']);
    expect(removeLaneCredential(items, 0).credentials).toEqual(['shc:/56']);
    // A second line alone, without a first, is not a passport: it is kept as presented.
    expect(addLaneItem(NO_LANE_ITEMS, L2).credentials).toEqual([L2]);
    expect(addLaneItem(NO_LANE_ITEMS, '   ')).toBe(NO_LANE_ITEMS);
  });

  it('stops at 16 certificates (the decision refuses more anyway)', () => {
    let items = NO_LANE_ITEMS;
    for (let i = 0; i < 20; i++) items = addLaneItem(items, `HC1:${i}`);
    expect(items.credentials).toHaveLength(16);
  });
});
