import type { Server } from 'node:http';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCryptoProvider } from '../../core/src/crypto/node.js';
import { toBase64 } from '../../core/src/lib/bytes.js';
import { vectorsDir } from '../../core/test-support/vectors.js';
import { ensureNodeKeys } from '../../server/src/corridor/keys.js';
import type { Database } from '../../server/src/db/database.js';
import { forEachEngine } from '../../server/src/db/test-engines.js';
import { onboardAll, testGateway } from '../../server/src/gateway/test-gateway.js';
import { FileKeyStore, MIN_SCRYPT_N } from '../../server/src/keystore/file-key-store.js';
import { secretFile } from '../../server/src/node/secret.js';
import { runCli, tempDir, writeTemp } from './helpers.js';

const vectors = vectorsDir();

/**
 * A country's operator publishes its trust for the other formats with `corridor gateway formats
 * upload`, signed with its upload key, against a running corridor: the gateway lists it, the
 * bundle carries it, and `corridor verify --bundle` then accepts that issuer's codes as the
 * country's; the gateway's refusals come back as their problem codes (exit 1), mistakes in the
 * call as usage errors (exit 2).
 */
describe.skipIf(!vectors)('corridor gateway formats', () => {
  forEachEngine('against a running gateway', (engine) => {
    const dir = tempDir();
    let gateway = '';
    const v = (p: string) => path.join(vectors!, p);
    const shcJwks = v('shc/issuers/spec.smarthealth.cards/examples/issuer/.well-known/jwks.json');
    const shcCrl = v(
      'shc/issuers/spec.smarthealth.cards/examples/issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json',
    );
    const nzcpDid = v('nzcp/spec-examples/valid/did.json');
    const nzcpCode = v('nzcp/spec-examples/valid/nzcp.txt');
    const anchorFile = path.join(dir, 'anchor.pem');
    let server: Server | undefined;
    let database: Database | undefined;
    const base = () => ['--gateway', gateway, '--country', 'CN', '--data', dir];
    const upload = (format: string, ...rest: string[]) =>
      runCli(['gateway', 'formats', 'upload', ...base(), '--format', format, ...rest]);

    // A gateway on a port of its own with CN onboarded, and CN's keys where corridor start keeps
    // them (DIR/cn/keys, unlocked by DIR/dev-passphrase), as an operator's machine has them.
    // At the lowest scrypt cost the store accepts (each key file records its own): every CLI
    // call unlocks CN's five keys, 1.7 s of CPU at the default cost (covered by the key store's
    // own tests), 0.2 s at this one.
    beforeAll(async () => {
      const crypto = nodeCryptoProvider();
      const passphrase = await secretFile(path.join(dir, 'dev-passphrase'));
      const store = new FileKeyStore({
        dir: path.join(dir, 'cn', 'keys'),
        passphrase,
        scrypt: { N: MIN_SCRYPT_N, r: 8, p: 1 },
      });
      const keys = await ensureNodeKeys(store, 'CN', new Date(Date.now() - 86_400_000));
      database = await engine.open();
      // A few seconds behind the CLI's clock: a bundle is never issued in its reader's future.
      const test = await testGateway(database.db, {
        id: 'corridor-cli-test-gateway',
        crypto,
        now: () => new Date(Date.now() - 5_000),
      });
      await onboardAll(test.operator, [{ ...keys, country: 'CN' }]);
      const spki = new Uint8Array(
        await globalThis.crypto.subtle.exportKey('spki', test.anchor.key.key as CryptoKey),
      );
      writeTemp(
        dir,
        'anchor.pem',
        `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`,
      );
      const app = test.app;
      await new Promise<void>((resolve) => {
        server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
          gateway = `http://127.0.0.1:${info.port}`;
          resolve();
        }) as Server;
      });
    }, 300_000);
    afterAll(async () => {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    });

    it('uploads an SHC issuer (bound by the published layout) and an NZCP DID document, lists them, and replaces on a second upload', async () => {
      const shc = await upload('shc', '--crl', shcCrl, shcJwks);
      expect(shc.code, shc.stdout + shc.stderr).toBe(0);
      expect(shc.stdout).toContain(
        '✔ Uploaded shc trust for https://spec.smarthealth.cards/examples/issuer',
      );
      const nzcp = await upload('nzcp', nzcpDid);
      expect(nzcp.code, nzcp.stdout + nzcp.stderr).toBe(0);
      expect(nzcp.stdout).toContain('did:web:nzcp.covid19.health.nz');

      // The same JWK set without its revocation list is other material for the same subject.
      const again = await upload('shc', shcJwks, '--lang', 'ko');
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toContain('신뢰 자료 교체됨');
      const repeated = await upload('shc', shcJwks, '--json');
      expect(repeated.code).toBe(1);
      expect(JSON.parse(repeated.stdout)).toMatchObject({
        status: 409,
        answer: { title: 'FORMAT_TRUST_DUPLICATE' },
      });

      const list = await runCli(['gateway', 'formats', 'list', '--gateway', gateway, '--json']);
      expect(list.code, list.stderr).toBe(0);
      const entries = JSON.parse(list.stdout).answer as {
        country: string;
        format: string;
        subject: string;
      }[];
      expect(entries.map((e) => `${e.country} ${e.format} ${e.subject}`).sort()).toEqual([
        'CN nzcp did:web:nzcp.covid19.health.nz',
        'CN shc https://spec.smarthealth.cards/examples/issuer',
      ]);
    }, 300_000);

    it('the bundle then carries the NZCP issuer: corridor verify --bundle accepts its pass as CN', async () => {
      const bundle = path.join(dir, 'with-formats.cose');
      const anchor = anchorFile;
      const fetched = await runCli([
        'bundle',
        'fetch',
        `${gateway}/bundle`,
        '--anchor',
        anchor,
        '--out',
        bundle,
      ]);
      expect(fetched.code, fetched.stdout + fetched.stderr).toBe(0);
      // The worked example is valid until 2031-11-02, so today's clock will do.
      const r = await runCli([
        'verify',
        '--bundle',
        bundle,
        '--anchor',
        anchor,
        '--json',
        nzcpCode,
      ]);
      const report = JSON.parse(r.stdout) as { status: string; credential?: { issuer?: string } };
      expect({ code: r.code, status: report.status, issuer: report.credential?.issuer }).toEqual({
        code: 0,
        status: 'valid',
        issuer: 'CN',
      });
    }, 300_000);

    it("refuses what the gateway refuses with its problem code: another country's CSCA, a key that does not import", async () => {
      const csca = await upload(
        'vds-nc',
        '--crl',
        v('vds-nc/trust/AU_CRL.crl'),
        v('vds-nc/trust/AU_CSCA.der'),
      );
      expect(csca.code).toBe(1);
      expect(csca.stdout).toContain('FORMAT_TRUST_COUNTRY_MISMATCH');
      const badKey = writeTemp(
        dir,
        'bad.pem',
        '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n',
      );
      const divoc = await upload('divoc', '--method', 'did:example:cn', badKey);
      expect(divoc.code).toBe(1);
      expect(divoc.stdout).toMatch(/FORMAT_TRUST_(INVALID|MALFORMED)/);
    }, 300_000);

    it('withdraws an upload, and answers a second withdrawal with FORMAT_TRUST_NOT_FOUND', async () => {
      const args = ['gateway', 'formats', 'withdraw', ...base(), '--format', 'nzcp'];
      const subject = ['--subject', 'did:web:nzcp.covid19.health.nz'];
      const first = await runCli([...args, ...subject]);
      expect(first.code, first.stdout + first.stderr).toBe(0);
      expect(first.stdout).toContain('✔ Withdrew nzcp trust');
      const second = await runCli([...args, ...subject]);
      expect(second.code).toBe(1);
      expect(second.stdout).toContain('FORMAT_TRUST_NOT_FOUND');
    }, 300_000);

    it.each([
      [['gateway', 'formats', 'upload', 'BASE', '--format', 'shc', 'x.json'], 'no such file'],
      [
        ['gateway', 'formats', 'upload', 'BASE', '--format', 'pdf'],
        '--format is shc, nzcp, vds-nc, divoc',
      ],
      [
        ['gateway', 'formats', 'upload', '--gateway', 'http://x', '--format', 'nzcp'],
        '--country CC',
      ],
      [
        ['gateway', 'formats', 'upload', 'BASE', '--format', 'nzcp', '--iss', 'https://a', 'DID'],
        '--iss does not apply',
      ],
      [['gateway', 'keys'], 'gateway takes formats'],
    ])('usage error for %j', async (args, message) => {
      const files: Record<string, string> = { 'x.json': path.join(dir, 'x.json'), DID: nzcpDid };
      const r = await runCli(args.flatMap((a) => (a === 'BASE' ? base() : [files[a] ?? a])));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    });

    it('an SHC JWK set outside the published layout needs --iss; a DIVOC key needs --method', async () => {
      const loose = writeTemp(dir, 'jwks.json', '{"keys":[]}');
      const shc = await upload('shc', loose);
      expect(shc.code).toBe(2);
      expect(shc.stderr).toContain('--iss URL');
      const key = writeTemp(dir, 'key.b58', '6q1hQnvjN7Jwx3iEJm3m4Gf1qGeRkC8h3PKb4m6U1a2b');
      const divoc = await upload('divoc', key);
      expect(divoc.code).toBe(2);
      expect(divoc.stderr).toContain('--method ID');
    }, 300_000);
  });
});
