import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type RunningCorridor, startCorridor } from '@corridor/server/corridor';
import { openDatabase } from '@corridor/server/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCorridorKeys } from '../../server/src/corridor/test-keys.js';
import { CLI, runCli, tempDir } from './helpers.js';

// The audit found `corridor issue` refusing the folder `corridor start` made (the node secret
// was read two ways), and two processes on one embedded folder losing certificates. Here the
// CLI issues into a start folder, the started node serves those certificates and the gateway
// receives their revocation; and concurrent writers are refused, never interleaved.

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const HEADER = 'id,type,fn,fnt,gn,gnt,dob,tg,vp,mp,ma,dn,sd,dt,co';
const rows = (prefix: string, n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `${prefix}-${i},vaccination,王,WANG,芳,FANG,1985-04-12,840539006,J07BX03,BBIBP-CorV,ORG-100020693,2,2,${day(-30)},CN`,
  );

/** Issued UCIs in the CN node's database (the folder must be free). */
async function issuedUcis(dir: string): Promise<string[]> {
  const database = await openDatabase({ dataDir: path.join(dir, 'cn', 'db') });
  try {
    const list = await database.db.selectFrom('issued_certificates').select('uci').execute();
    return list.map((r) => r.uci);
  } finally {
    await database.close();
  }
}

describe('corridor issue on the folder corridor start made', () => {
  const dir = tempDir();
  // Below Linux's ephemeral ports (32768 and up), which outgoing connections take at random.
  const base = 30_000 + Math.floor(Math.random() * 2_700);
  const ports = { gateway: base, CN: base + 1, KR: base + 2 };
  let corridor: RunningCorridor | undefined;
  // The keys at a light scrypt cost: two starts and four issue runs unlock them here.
  beforeAll(() => seedCorridorKeys(dir));
  afterAll(async () => {
    await corridor?.stop();
  });

  it('issues by CSV into a start folder; the started node serves them and the gateway gets their revocation', async () => {
    const first = await runCli(['start', '--once', '--dir', dir, '--port', String(base)]);
    expect(first.code, first.stderr).toBe(0);
    const csv = path.join(dir, 'batch.csv');
    writeFileSync(csv, `${HEADER}\n${rows('batch', 5).join('\n')}\n`);
    const issued = await runCli([
      'issue',
      '--csv',
      csv,
      '--data',
      dir,
      '--country',
      'CN',
      '--json',
    ]);
    expect(issued.code, issued.stderr).toBe(0);
    expect(JSON.parse(issued.stdout)).toMatchObject({ issued: 5, failed: 0 });
    const results = readFileSync(path.join(dir, 'batch.results.csv'), 'utf8').trim().split('\n');
    const uci = results[1]!.split(',').find((f) => f.startsWith('URN:UVCI:'))!;
    expect(uci).toMatch(/^URN:UVCI:01:CN:/);

    corridor = await startCorridor({ dir, ports });
    const admin = readFileSync(path.join(dir, 'cn', 'admin-token'), 'utf8').trim();
    const auth = { authorization: `Bearer ${admin}` };
    const node = corridor.nodes.CN;
    const at = `${node}/certificates/${encodeURIComponent(uci)}`;
    const pdf = await fetch(`${at}/pdf`, { headers: auth });
    expect(pdf.status).toBe(200);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    const png = await fetch(`${at}/qr.png`, { headers: auth });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');

    const revoked = await fetch(`${at}/revoke`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'issued in error' }),
    });
    expect(revoked.status).toBe(200);
    // Without the administrator token the node refuses to talk to the gateway on demand.
    expect((await fetch(`${node}/bundle/sync`, { method: 'POST' })).status).toBe(401);
    const sync = await fetch(`${node}/bundle/sync`, { method: 'POST', headers: auth });
    expect(sync.status).toBe(200);
    expect(((await sync.json()) as { pushedRevocationHashes: number }).pushedRevocationHashes).toBe(
      3,
    );
    const gateway = (await (await fetch(`${corridor.gatewayUrl}/revocations?since=0`)).json()) as {
      entries: { country: string }[];
    };
    expect(gateway.entries.filter((e) => e.country === 'CN').length).toBeGreaterThanOrEqual(3);

    // While the corridor runs, `corridor issue` on its folder is refused before signing.
    writeFileSync(csv, `${HEADER}\n${rows('while-running', 2).join('\n')}\n`);
    const refused = await runCli(['issue', '--csv', csv, '--data', dir, '--country', 'CN']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('in use by process');
    await corridor.stop();
    corridor = undefined;
    const ucis = await issuedUcis(dir);
    expect(ucis).toContain(uci);
    expect(ucis.some((u) => u.includes('while-running'))).toBe(false);
  }, 300_000);

  it('two issue runs started together: each row is issued once, or the second run is refused', async () => {
    const files = ['a', 'b'].map((name) => {
      const file = path.join(dir, `${name}.csv`);
      writeFileSync(file, `${HEADER}\n${rows(`race-${name}`, 40).join('\n')}\n`);
      return file;
    });
    const before = (await issuedUcis(dir)).length;
    const outcomes = await Promise.all(
      files.map(
        (file) =>
          new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
            const child = spawn(
              process.execPath,
              [CLI, 'issue', '--csv', file, '--data', dir, '--json'],
              {
                env: { ...process.env, NO_COLOR: '1' },
              },
            );
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (d) => (stdout += d));
            child.stderr.on('data', (d) => (stderr += d));
            child.on('close', (code) => resolve({ code, stdout, stderr }));
          }),
      ),
    );
    let reported = 0;
    for (const o of outcomes) {
      expect([0, 2], o.stderr).toContain(o.code);
      if (o.code === 0) reported += (JSON.parse(o.stdout) as { issued: number }).issued;
      else expect(o.stderr).toContain('in use by process');
    }
    expect(reported).toBeGreaterThanOrEqual(40);
    const ucis = await issuedUcis(dir);
    expect(new Set(ucis).size).toBe(ucis.length);
    expect(ucis.length - before).toBe(reported);
  }, 300_000);
});
