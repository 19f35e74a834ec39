import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { loadTrustBundle } from '@corridor/core/trust';
import { verify } from '@corridor/core/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCorridor, startCorridor } from '../corridor/start.js';
import { seedCorridorKeys } from '../corridor/test-keys.js';
import { CountriesInvalid, consecutivePorts, parseCountries } from './countries.js';

describe('the countries of a corridor come from configuration', () => {
  it('default to China and Korea, keep the order, and refuse what cannot be a corridor', () => {
    expect(parseCountries(undefined)).toEqual(['CN', 'KR']);
    expect(parseCountries('KR, CN,SG')).toEqual(['KR', 'CN', 'SG']);
    expect(consecutivePorts(9000, ['CN', 'KR', 'SG'])).toEqual({
      gateway: 9000,
      CN: 9001,
      KR: 9002,
      SG: 9003,
    });
    for (const bad of ['CN', 'CN,CN', 'cn,KR', 'CN,XX', 'CN,KOR', 'CN,KR,,SG', 'A,B,C,D,E,F,G,H,I'])
      expect(() => parseCountries(bad), bad).toThrow(CountriesInvalid);
  });
});

describe('startCorridor with a third country (CN, KR, SG)', () => {
  let dir = '';
  let corridor: RunningCorridor | undefined;
  // Below Linux's ephemeral ports (32768 and up), which outgoing connections take at random.
  const base = 13_000 + Math.floor(Math.random() * 2_990);
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corridor-sg-'));
    // The keys at a light scrypt cost (a first start's own keys: corridor/start.test.ts).
    await seedCorridorKeys(dir, ['CN', 'KR', 'SG']);
    corridor = await startCorridor({
      dir,
      countries: ['CN', 'KR', 'SG'],
      ports: consecutivePorts(base, ['CN', 'KR', 'SG']),
    });
  }, 300_000);
  afterAll(async () => {
    await corridor?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a node per country, an agreement per pair, and Singapore’s sample verifies in Korea', async () => {
    const c = corridor!;
    expect(c.countries).toEqual(['CN', 'KR', 'SG']);
    expect(c.nodes.SG).toBe(`http://127.0.0.1:${base + 3}`);
    expect((await (await fetch(`${c.nodes.SG}/health`)).json()).country).toBe('SG');
    const agreements = (await (await fetch(`${c.gatewayUrl}/agreements`)).json()) as {
      id: string;
      status: string;
    }[];
    expect(agreements.map((a) => [a.id, a.status]).sort()).toEqual([
      ['CN-KR-fast-track', 'active'],
      ['CN-SG-fast-track', 'active'],
      ['KR-SG-fast-track', 'active'],
    ]);
    const crypto = nodeCryptoProvider();
    const pem = await readFile(c.anchorFile, 'utf8');
    const spki = Uint8Array.from(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    const anchor = {
      kid: (await crypto.sha256(spki)).subarray(0, 8),
      alg: 'ES256' as const,
      key: await crypto.importPublicKey(spki, 'ES256'),
    };
    const bundle = await loadTrustBundle(await readFile(c.bundleFiles.KR!), {
      anchors: [anchor],
      at: new Date(),
      crypto,
    });
    if (!bundle.ok) throw new Error(bundle.code);
    // The CN⇄KR lane still runs beside the third country, carried in the bundle.
    expect(bundle.value.lanes().map((l) => `${l.id} v${l.version}`)).toEqual([
      'CN-KR-FAST-TRACK v1',
    ]);
    expect(c.lane?.checks).toHaveLength(3);
    const sample = c.samples.find((s) => s.country === 'SG')!;
    const report = await verify(sample.text, {
      trust: bundle.value,
      at: new Date(),
      verifier: 'KR',
      crypto,
    });
    expect(report.findings).toEqual([]);
    expect(report.status).toBe('valid');
  });
});
