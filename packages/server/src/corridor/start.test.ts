import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCorridor, startCorridor } from './start.js';

describe('startCorridor (npm start)', () => {
  let dir: string;
  let corridor: RunningCorridor;
  const base = 30_000 + Math.floor(Math.random() * 20_000);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corridor-start-'));
    corridor = await startCorridor({ dir, ports: { gateway: base, CN: base + 1, KR: base + 2 } });
  }, 120_000);
  afterAll(async () => {
    await corridor?.stop();
    await rm(dir, { recursive: true, force: true });
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

  it('issues through the node API and prints a PDF of the sample', async () => {
    const token = (await readFile(corridor.adminTokenFiles.CN, 'utf8')).trim();
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
        authorization: `Bearer ${(await readFile(corridor.adminTokenFiles.KR, 'utf8')).trim()}`,
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
    const body = (await issued.json()) as { uci: string; hc1: string };
    expect(body.uci).toMatch(/^URN:UVCI:01:KR:/);
    expect(body.hc1).toMatch(/^HC1:/);
  });
});
