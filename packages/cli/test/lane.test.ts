import type { Server } from 'node:http';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCrypto } from '../../core/src/crypto/provider.js';
import { signOverride } from '../../core/src/lanes/breaker/override.js';
import { countersignLane, signLane } from '../../core/src/lanes/document.js';
import { CN_KR_LANE_V1 } from '../../core/src/lanes/examples/cn-kr.js';
import { calendarDate, dayNumber } from '../../core/src/lanes/indicators/calendar.js';
import { signIndicators } from '../../core/src/lanes/indicators/sign.js';
import { toBase64 } from '../../core/src/lib/bytes.js';
import { signTrustBundle } from '../../core/src/trust/bundle.js';
import { unlinkedCasesRule } from '../../core/test-support/breakers.js';
import { ensureNodeKeys } from '../../server/src/corridor/keys.js';
import { IN_MEMORY, openDatabase } from '../../server/src/db/database.js';
import { gatewayApp } from '../../server/src/gateway/app.js';
import { createAnchor, createCountryKeys } from '../../server/src/gateway/fixtures.js';
import { Gateway } from '../../server/src/gateway/service.js';
import { FileKeyStore } from '../../server/src/keystore/file-key-store.js';
import { runCli, tempDir, writeTemp } from './helpers.js';

const crypto = defaultCrypto();
const s = (iso: string) => Date.parse(iso) / 1000;
const PASSPHRASE = 'lane-cli-test-passphrase';
const BREAKER = unlinkedCasesRule();

describe('corridor lane status (offline, from a signed bundle)', () => {
  const S = {} as { bundle: string; anchor: string };

  beforeAll(async () => {
    const dir = tempDir();
    const anchor = await createAnchor();
    const now = new Date('2021-01-01T00:00:00Z');
    const [cn, kr] = await Promise.all([
      createCountryKeys('CN', now),
      createCountryKeys('KR', now),
    ]);
    const lane = { ...structuredClone(CN_KR_LANE_V1), breakers: [BREAKER] };
    const signed = await signLane(lane, cn.authoritySigner);
    if (!signed.ok) throw new Error(signed.code);
    const both = await countersignLane(signed.value, kr.authoritySigner);
    if (!both.ok) throw new Error(both.code);
    // Korea: two weeks of 2, then 40 on 2 March: announced 3 March, suspended from 5 March.
    const indicators: Uint8Array[] = [];
    for (let d = dayNumber('2021-02-15')!; d <= dayNumber('2021-03-05')!; d++) {
      const date = calendarDate(d);
      indicators.push(
        await signIndicators(
          {
            country: 'KR',
            indicator: 'unlinked-cases',
            timeZone: 'Asia/Seoul',
            sequence: d,
            issuedAt: s(`${calendarDate(d + 1)}T10:00:00+09:00`),
            points: [{ date, value: date === '2021-03-02' ? 40 : 2 }],
          },
          kr.authoritySigner,
        ),
      );
    }
    const bundle = await signTrustBundle(
      {
        version: 1,
        issuedAt: s('2021-03-01T00:00:00Z'),
        expiresAt: s('2021-04-01T00:00:00Z'),
        gateway: 'test',
        countries: [cn, kr].map((c) => ({
          country: c.country,
          cscas: [c.csca.der],
          dscs: [],
          authorities: [c.authority.der],
        })),
        revokedKids: [],
        revocations: [],
        ruleSets: [],
        valueSets: [],
        agreements: [],
        lanes: [both.value],
        indicators,
      },
      anchor.signer,
    );
    S.bundle = writeTemp(dir, 'bundle.cose', bundle);
    const spki = new Uint8Array(
      await globalThis.crypto.subtle.exportKey('spki', anchor.key.key as CryptoKey),
    );
    S.anchor = writeTemp(
      dir,
      'anchor.pem',
      `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`,
    );
  }, 180_000);

  const status = (at: string, ...extra: string[]) =>
    runCli(['lane', 'status', '--bundle', S.bundle, '--anchor', S.anchor, '--at', at, ...extra]);

  it('says the lane is open before the spike, and exits 0', async () => {
    const r = await status('2021-03-02T00:00:00Z');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Lane CN-KR-FAST-TRACK version 1');
    expect(r.stdout).toContain('State: open (no breaker in force)');
  });

  it('shows the suspension, what it blocks and why, in Chinese, and exits 1', async () => {
    const r = await status('2021-03-06T00:00:00Z', '--lang', 'zh');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('状态: 已暂停');
    expect(r.stdout).toContain('已阻止: 新申请, 新许可');
    expect(r.stdout).toContain('[BREAKER_ANNOUNCED]');
    expect(r.stdout).toContain('[BREAKER_EFFECTIVE]');
  });

  it('prints the whole state as JSON, the same a checkpoint applies', async () => {
    const r = await status('2021-03-06T00:00:00Z', '--json', '--lang', 'ko');
    const [lane] = JSON.parse(r.stdout) as {
      lane: string;
      state: { phase: string; blocked: string[]; breakers: { effectiveAt: string }[] };
    }[];
    expect(lane!.state.phase).toBe('suspended');
    expect(lane!.state.blocked).toEqual(['applications', 'new-passes']);
    expect(lane!.state.breakers[0]!.effectiveAt).toBe('2021-03-05T01:00:00Z');
  });

  it('refuses a bundle under another anchor', async () => {
    const other = await createAnchor();
    const spki = new Uint8Array(
      await globalThis.crypto.subtle.exportKey('spki', other.key.key as CryptoKey),
    );
    const file = writeTemp(
      tempDir(),
      'other.pem',
      `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`,
    );
    const r = await runCli([
      'lane',
      'status',
      '--bundle',
      S.bundle,
      '--anchor',
      file,
      '--at',
      '2021-03-06T00:00:00Z',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[BUNDLE_SIGNATURE_INVALID]');
  });
});

describe('corridor lane indicators publish / breaker (through a gateway)', () => {
  const S = {} as { server: Server; url: string; data: string; close: () => Promise<void> };
  const env = { CORRIDOR_KEY_PASSPHRASE: PASSPHRASE };
  const common = () => ['--gateway', S.url, '--country', 'KR', '--data', S.data];

  beforeAll(async () => {
    S.data = tempDir();
    const store = new FileKeyStore({
      dir: path.join(S.data, 'kr', 'keys'),
      passphrase: PASSPHRASE,
    });
    const keys = await ensureNodeKeys(store, 'KR', new Date());
    const database = await openDatabase({ dataDir: IN_MEMORY });
    const anchor = await createAnchor();
    const gateway = new Gateway(database.db, {
      id: 'lane-cli-test',
      anchor: anchor.signer,
      anchorKey: anchor.key,
      crypto,
      now: () => new Date(),
    });
    const app = gatewayApp(gateway, { operatorToken: 'op' });
    await gateway.onboard(
      {
        country: 'KR',
        name: 'KR',
        uploadCertificate: keys.upload.der,
        authorityCertificate: keys.authority.der,
        cscas: [keys.csca.der],
      },
      'operator',
    );
    await new Promise<void>((resolve) => {
      S.server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        S.url = `http://127.0.0.1:${info.port}`;
        resolve();
      }) as Server;
    });
    S.close = async () => {
      await new Promise((r) => S.server.close(() => r(undefined)));
      await database.close();
    };
  }, 180_000);
  afterAll(() => S.close());

  it('publishes signed figures, answers a repeat as already published, and refuses a different document under the same sequence', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const publish = (value: number) =>
      runCli(
        [
          'lane',
          'indicators',
          'publish',
          ...common(),
          '--indicator',
          'unlinked-cases',
          '--tz',
          'UTC',
          '--seq',
          '1',
          '--at',
          `${today}T00:00:00Z`,
          `${today}=${value}`,
        ],
        undefined,
        env,
      );
    const first = await publish(3);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^✔ Published: trust version \d+, digest [0-9a-f]{16}/);
    const again = await publish(3);
    expect(again.stdout).toContain('Already published');
    const other = await publish(4);
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('INDICATORS_SEQUENCE_CONFLICT');
  });

  it('never sends an override without a reason, and publishes one with a reason', async () => {
    const base = [
      'lane',
      'breaker',
      'trigger',
      ...common(),
      '--lane',
      'CN-KR-FAST-TRACK',
      '--breaker',
      'unlinked-7d',
      '--id',
      'kr-1',
    ];
    const none = await runCli(base, undefined, env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('needs a reason');
    const ok = await runCli(
      [...base, '--reason-en', 'Variant of concern', '--reason-ko', '우려 변이', '--lang', 'ko'],
      undefined,
      env,
    );
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('게시됨');
    const listed = (await (await fetch(`${S.url}/breaker-overrides`)).json()) as {
      entries: { series: string }[];
    };
    expect(listed.entries.map((e) => e.series)).toEqual(['CN-KR-FAST-TRACK|kr-1']);
  });

  it('refuses an override signed with another key than the authority key (BREAKER_OVERRIDE_UNSIGNED)', async () => {
    // Signed with the upload key: what an attacker holding only the upload key could send.
    const store = new FileKeyStore({
      dir: path.join(S.data, 'kr', 'keys'),
      passphrase: PASSPHRASE,
    });
    const keys = await ensureNodeKeys(store, 'KR', new Date());
    const forged = await signOverride(
      {
        id: 'kr-2',
        lane: 'CN-KR-FAST-TRACK',
        breaker: 'unlinked-7d',
        country: 'KR',
        at: Math.floor(Date.now() / 1000),
        action: 'trigger',
        reason: { en: 'forged' },
      },
      keys.upload.signer,
    );
    const { signGatewayRequest } = await import('../../server/src/gateway/signed-request.js');
    const body = await signGatewayRequest(
      {
        country: 'KR',
        action: 'breaker.override',
        iat: Math.floor(Date.now() / 1000),
        body: { document: forged },
      },
      keys.upload.signer,
    );
    const res = await fetch(`${S.url}/breaker-overrides`, {
      method: 'POST',
      headers: { 'content-type': 'application/cose' },
      body: body as Uint8Array<ArrayBuffer>,
    });
    const answer = (await res.clone().json()) as { detail: string };
    expect(res.status, answer.detail).toBe(422);
    expect(((await res.json()) as { title: string }).title).toBe('BREAKER_OVERRIDE_UNSIGNED');
  });
});
