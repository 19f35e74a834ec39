import { qrPng, readQrText } from '@corridor/core/qr';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { prepareZXingModule, purgeZXingModule } from 'zxing-wasm/reader';
import { hc1Shaped } from '../../../core/test-support/hc1-shaped.js';
import { loadQrReader, qrReaderWasmPath } from './qr-node.js';

const HC1 = hc1Shaped(82);

/** Every network attempt made while the stubs are in place. */
const attempts: string[] = [];

beforeAll(() => {
  // Any route zxing-wasm could take to the network: fetch, and streaming compilation (which
  // fetches). Each records the attempt and fails, so a network load cannot silently succeed.
  vi.stubGlobal('fetch', (input: unknown) => {
    attempts.push(String(input));
    throw new Error(`network access attempted: ${String(input)}`);
  });
  vi.spyOn(WebAssembly, 'instantiateStreaming').mockImplementation(() => {
    attempts.push('WebAssembly.instantiateStreaming');
    return Promise.reject(new Error('network access attempted: instantiateStreaming'));
  });
});

afterAll(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('loadQrReader', () => {
  it('finds the reader wasm inside the installed zxing-wasm package', () => {
    expect(qrReaderWasmPath()).toMatch(/zxing-wasm[/\\]dist[/\\]reader[/\\]zxing_reader\.wasm$/);
  });

  it('initialises and decodes without any network access', async () => {
    const reader = await loadQrReader();
    expect(await readQrText(reader, qrPng(HC1))).toEqual({ ok: true, value: HC1 });
    expect(attempts).toEqual([]);
  });

  it('returns the same cached reader every time', async () => {
    expect(await loadQrReader()).toBe(await loadQrReader());
  });

  it('still reads offline after other code reset zxing-wasm to its CDN default', async () => {
    // Control: zxing-wasm left to its defaults really does go to the network (and the stubs
    // catch it), so the empty list above means something.
    purgeZXingModule();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(prepareZXingModule({ fireImmediately: true })).rejects.toThrow();
    error.mockRestore();
    expect(attempts.some((a) => a.includes('jsdelivr') || a.includes('instantiateStreaming'))).toBe(
      true,
    );
    attempts.length = 0;
    // readQrText re-selects the reader's own wasm bytes before every read.
    const reader = await loadQrReader();
    expect(await readQrText(reader, qrPng(HC1))).toEqual({ ok: true, value: HC1 });
    expect(attempts).toEqual([]);
  });
});
