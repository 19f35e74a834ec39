import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CoseVerificationKey } from '@corridor/core/cose';
import type { CryptoProvider } from '@corridor/core/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCorridor, startCorridor } from './start.js';

/** A corridor in a fresh temporary folder on random ports, stopped and removed after the suite. */
function useCorridor(prefix: string): {
  corridor: () => RunningCorridor;
  dir: () => string;
  base: number;
} {
  let dir = '';
  let corridor: RunningCorridor | undefined;
  // Below Linux's ephemeral ports (32768 and up), which outgoing connections take at random.
  const base = 10_000 + Math.floor(Math.random() * 2_990);
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
    // A stand-in build: the nodes only need its folder to mount the app and its config.
    const webDist = path.join(dir, 'web-dist');
    await mkdir(webDist);
    await writeFile(path.join(webDist, 'index.html'), '<!doctype html><div id="root"></div>');
    corridor = await startCorridor({
      dir,
      ports: { gateway: base, CN: base + 1, KR: base + 2 },
      webDist,
    });
  }, 300_000);
  afterAll(async () => {
    await corridor?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return { corridor: () => corridor!, dir: () => dir, base };
}

/** The gateway's anchor key from the corridor's `anchor.pem`, as verifiers pin it. */
async function anchorKey(file: string, crypto: CryptoProvider): Promise<CoseVerificationKey> {
  const pem = await readFile(file, 'utf8');
  const spki = Uint8Array.from(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
  return {
    kid: (await crypto.sha256(spki)).subarray(0, 8),
    alg: 'ES256',
    key: await crypto.importPublicKey(spki, 'ES256'),
  };
}

describe('startCorridor (npm start)', () => {
  const running = useCorridor('corridor-start-');
  let corridor: RunningCorridor;
  let dir: string;
  const base = running.base;
  beforeAll(() => {
    corridor = running.corridor();
    dir = running.dir();
  });

  it('refuses a second corridor on the same data folder', async () => {
    await expect(
      startCorridor({ dir, ports: { gateway: base + 10, CN: base + 11, KR: base + 12 } }),
    ).rejects.toMatchObject({
      code: 'DATA_FOLDER_IN_USE',
    });
  });

  it('serves API pages and OpenAPI documents for the gateway and both nodes', async () => {
    for (const url of [corridor.gatewayUrl, corridor.nodes.CN, corridor.nodes.KR]) {
      const page = await fetch(`${url}/`);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('openapi.json');
      const doc = (await (await fetch(`${url}/openapi.json`)).json()) as {
        openapi: string;
        paths: object;
      };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths).length).toBeGreaterThan(3);
    }
    const cnDoc = (await (await fetch(`${corridor.nodes.CN}/openapi.json`)).json()) as {
      paths: object;
    };
    expect(Object.keys(cnDoc.paths)).toEqual(
      expect.arrayContaining(['/bundle', '/certificates', '/certificates/{uci}/pdf']),
    );
  });

  it("gives each node's app its country and the lane's port of entry into it", async () => {
    const config = async (url: string) =>
      (await (await fetch(`${url}/app/config.json`)).json()) as Record<string, unknown>;
    // The demo lane flies CN→KR into Incheon and KR→CN into Pudong.
    expect(await config(corridor.nodes.KR!)).toMatchObject({
      node: '',
      country: 'KR',
      port: 'ICN',
    });
    expect(await config(corridor.nodes.CN!)).toMatchObject({
      node: '',
      country: 'CN',
      port: 'PVG',
    });
  });

  it('issues through the node API and prints a PDF of the sample', async () => {
    const token = (await readFile(corridor.adminTokenFiles.CN!, 'utf8')).trim();
    const auth = { authorization: `Bearer ${token}` };
    const sample = corridor.samples.find((s) => s.country === 'CN')!;
    const pdf = await fetch(
      `${corridor.nodes.CN}/certificates/${encodeURIComponent(sample.uci)}/pdf?paper=Letter`,
      { headers: auth },
    );
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    const anonymous = await fetch(
      `${corridor.nodes.CN}/certificates/${encodeURIComponent(sample.uci)}/pdf`,
    );
    expect(anonymous.status).toBe(401);
    const issued = await fetch(`${corridor.nodes.KR}/certificates`, {
      method: 'POST',
      headers: {
        ...auth,
        authorization: `Bearer ${(await readFile(corridor.adminTokenFiles.KR!, 'utf8')).trim()}`,
        'content-type': 'application/json',
        'idempotency-key': 'start-test-1',
      },
      body: JSON.stringify({
        type: 'test',
        payload: {
          nam: { fn: '이', fnt: 'LEE', gn: '서연', gnt: 'SEOYEON' },
          dob: '1990-03-03',
          t: [
            {
              tg: '840539006',
              tt: 'LP6464-4',
              sc: new Date(Date.now() - 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
              tr: '260415000',
              tc: 'Incheon Airport Testing Centre',
            },
          ],
        },
      }),
    });
    expect(issued.status).toBe(201);
    const broken = await fetch(`${corridor.nodes.KR}/certificates`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${(await readFile(corridor.adminTokenFiles.KR!, 'utf8')).trim()}`,
        'content-type': 'application/json',
      },
      body: '{"type":',
    });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toContain('application/problem+json');
    const body = (await issued.json()) as { uci: string; hc1: string };
    expect(body.uci).toMatch(/^URN:UVCI:01:KR:/);
    expect(body.hc1).toMatch(/^HC1:/);
  });

  it('certificates of every type issued by one node verify against the partner node bundle', async () => {
    const krToken = (await readFile(corridor.adminTokenFiles.KR!, 'utf8')).trim();
    const at = new Date();
    const day = (offset: number) =>
      new Date(at.getTime() + offset * 86400_000).toISOString().slice(0, 10);
    const holder = { nam: { fn: '박', fnt: 'PARK', gn: '지훈', gnt: 'JIHUN' }, dob: '1988-08-08' };
    const payloads = {
      vaccination: {
        ...holder,
        v: [
          {
            tg: '840539006',
            vp: '1119349007',
            mp: 'EU/1/20/1528',
            ma: 'ORG-100030215',
            dn: 3,
            sd: 3,
            dt: day(-30),
          },
        ],
      },
      test: {
        ...holder,
        t: [
          {
            tg: '840539006',
            tt: 'LP6464-4',
            sc: new Date(at.getTime() - 7200_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            tr: '260415000',
            tc: 'Busan Testing Centre',
          },
        ],
      },
      recovery: { ...holder, r: [{ tg: '840539006', fr: day(-20), df: day(-9), du: day(150) }] },
    };
    // China's verifiers load the bundle China's node synced from the gateway.
    const { loadTrustBundle } = await import('@corridor/core/trust');
    const { verify } = await import('@corridor/core/verify');
    const { nodeCryptoProvider } = await import('@corridor/core/crypto/node');
    const crypto = nodeCryptoProvider();
    const anchor = await anchorKey(corridor.anchorFile, crypto);
    const bytes = new Uint8Array(await (await fetch(`${corridor.nodes.CN}/bundle`)).arrayBuffer());
    const bundle = await loadTrustBundle(bytes, { anchors: [anchor], at, crypto });
    expect(bundle.ok).toBe(true);
    if (!bundle.ok) return;
    for (const [type, payload] of Object.entries(payloads)) {
      const res = await fetch(`${corridor.nodes.KR}/certificates`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${krToken}`,
          'content-type': 'application/json',
          'idempotency-key': `partner-${type}`,
        },
        body: JSON.stringify({ type, payload }),
      });
      expect(res.status, type).toBe(201);
      const { hc1 } = (await res.json()) as { hc1: string };
      // Verified after it was issued: `iat` is the issuing second, which may be after `at`.
      const report = await verify(hc1, {
        trust: bundle.value,
        at: new Date(),
        verifier: 'CN',
        crypto,
      });
      expect(report.findings, type).toEqual([]);
      expect(report.status).toBe('valid');
      expect(report.credential?.type).toBe(type);
    }
  });

  // Last: it revokes the KR sample the other tests may read.
  it('revocation reaches the partner: a certificate revoked at the Korean node is refused in China after the next schedule tick', async () => {
    const { loadTrustBundle } = await import('@corridor/core/trust');
    const { verify } = await import('@corridor/core/verify');
    const { nodeCryptoProvider } = await import('@corridor/core/crypto/node');
    const crypto = nodeCryptoProvider();
    const anchor = await anchorKey(corridor.anchorFile, crypto);
    const cnBundle = async () => {
      const loaded = await loadTrustBundle(await readFile(corridor.bundleFiles.CN!), {
        anchors: [anchor],
        at: new Date(),
        crypto,
      });
      if (!loaded.ok) throw new Error(loaded.code);
      return loaded.value;
    };
    const sample = corridor.samples.find((s) => s.country === 'KR')!;
    expect(
      (
        await verify(sample.text, {
          trust: await cnBundle(),
          at: new Date(),
          verifier: 'CN',
          crypto,
        })
      ).status,
    ).toBe('valid');

    const token = (await readFile(corridor.adminTokenFiles.KR!, 'utf8')).trim();
    const revoked = await fetch(
      `${corridor.nodes.KR}/certificates/${encodeURIComponent(sample.uci)}/revoke`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'issued in error' }),
      },
    );
    expect(revoked.status).toBe(200);
    await corridor.tick();
    const report = await verify(sample.text, {
      trust: await cnBundle(),
      at: new Date(),
      verifier: 'CN',
      crypto,
    });
    expect(report.status).toBe('invalid');
    expect(report.findings.map((f) => f.code)).toEqual(['CERT_REVOKED']);
  });
});
