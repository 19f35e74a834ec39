import { mkdir, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import type { CryptoProvider } from '@corridor/core/crypto/provider';
import { toBase64 } from '@corridor/core/lib/bytes';
import { qrPng } from '@corridor/core/qr/draw';
import { signRuleSet } from '@corridor/core/rules/document';
import { CN_RULES, KR_RULES } from '@corridor/core/rules/examples/fast-track';
import { countersignAgreement, signAgreement } from '@corridor/core/trust/agreement';
import { serve } from '@hono/node-server';
import { nodeCryptoProvider } from '../crypto/node-crypto.js';
import { type Database, openDatabase } from '../db/database.js';
import { lockFile } from '../db/folder-lock.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { gatewayApp } from '../gateway/app.js';
import { Gateway } from '../gateway/service.js';
import { signGatewayRequest } from '../gateway/signed-request.js';
import { bootstrapAdministrator } from '../issuance/accounts.js';
import { createIssuanceNode } from '../issuance/config.js';
import { Issuance } from '../issuance/service.js';
import { FileKeyStore } from '../keystore/file-key-store.js';
import { nodeApp } from '../node/app.js';
import { readNodeSecret, secretFile } from '../node/secret.js';
import { BundleSync } from '../node/sync.js';
import { type DemoLogin, seedDemoStaff } from '../staff/demo.js';
import { ensureNodeKeys, type NodeKeys } from './keys.js';

/** Where and how to run the demonstration corridor. */
export interface CorridorOptions {
  /** Data folder (default `.corridor`): databases, keys, samples. */
  dir: string;
  /** Start afresh: delete the data folder first. */
  reset?: boolean;
  host?: string;
  ports?: { gateway: number; CN: number; KR: number };
  /** Unlocks the key stores; a generated one is kept in the data folder when absent. */
  passphrase?: string;
  /** PostgreSQL URL: each service gets its own schema there instead of embedded PGlite. */
  databaseUrl?: string;
  now?: () => Date;
  log?: (line: string) => void;
  /**
   * The built web app (`packages/web/dist`): when given, each node serves it under `/app/`,
   * configured with that node's own `GET /bundle`, the gateway anchor and its country.
   */
  webDist?: string;
}

export interface RunningCorridor {
  gatewayUrl: string;
  nodes: Record<'CN' | 'KR', string>;
  anchorFile: string;
  samples: {
    country: string;
    kind: string;
    text: string;
    textFile: string;
    pngFile: string;
    uci: string;
  }[];
  bundleFiles: Record<'CN' | 'KR', string>;
  /** Each node's web app (`…/app/`), when `webDist` was given. */
  apps?: Record<'CN' | 'KR', string>;
  /** Files holding each node's first administrator token (mode 0600). */
  adminTokenFiles: Record<'CN' | 'KR', string>;
  /** Each node's demo web sign-ins (one account per role, fresh passwords every start). */
  staff: Record<'CN' | 'KR', DemoLogin[]>;
  /**
   * What the schedules do every minute, now: push queued revocation hashes to the gateway,
   * then pull the bundle into both nodes (and their `bundle.cose` files).
   */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

const COUNTRIES = ['CN', 'KR'] as const;
const AUTHORITIES = {
  CN: 'National Health Commission (demo)',
  KR: 'Korea Disease Control and Prevention Agency (demo)',
} as const;

/**
 * Brings up a whole corridor on one machine: the trust gateway and the national nodes of
 * China and Korea, each with its own database (embedded PGlite by default) and key store;
 * creates missing keys, onboards both countries, uploads their DSCs, signs and activates a
 * CN⇄KR recognition agreement, syncs the bundle to both nodes and issues a sample
 * certificate from each country. Every step is idempotent, so a second start reuses the data.
 */
export async function startCorridor(options: CorridorOptions): Promise<RunningCorridor> {
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const host = options.host ?? '127.0.0.1';
  const ports = options.ports ?? { gateway: 8400, CN: 8401, KR: 8402 };
  const dir = path.resolve(options.dir);
  if (options.reset) {
    log(`removing ${dir}`);
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Embedded databases take one process per folder: refuse a second corridor on the same data.
  const folderLock = await lockFile(path.join(dir, 'corridor.lock'), 'corridor start');
  const releaseLock = () => folderLock.release();
  const passphrase = options.passphrase ?? (await secretFile(path.join(dir, 'dev-passphrase')));
  const crypto: CryptoProvider = nodeCryptoProvider();
  const servers: Server[] = [];
  const databases: Database[] = [];
  const open = async (name: string) => {
    const db = await openDatabase(
      options.databaseUrl
        ? { url: options.databaseUrl, schema: `corridor_${name}` }
        : { dataDir: path.join(dir, name, 'db') },
    );
    databases.push(db);
    return db;
  };
  const listen = (app: { fetch: (r: Request) => Response | Promise<Response> }, port: number) =>
    new Promise<void>((resolve, reject) => {
      const server = serve({ fetch: app.fetch, port, hostname: host }, () => resolve()) as Server;
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new PortInUse(
                `port ${port} on ${host} is in use; pass --port with the first of three free ports`,
              )
            : error,
        ),
      );
      servers.push(server);
    });
  const cancels: (() => void)[] = [];
  const stop = async () => {
    for (const cancel of cancels) cancel();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r(undefined)))));
    for (const db of databases) await db.close();
    await releaseLock();
  };

  try {
    // ---- gateway ----
    log('gateway: keys and database');
    const gatewayStore = new FileKeyStore({ dir: path.join(dir, 'gateway', 'keys'), passphrase });
    if (!(await gatewayStore.exists('gateway-anchor')))
      await gatewayStore.create('gateway-anchor', { alg: 'ES256', metadata: { kind: 'anchor' } });
    const anchorPair = await gatewayStore.get('gateway-anchor');
    const anchorSpki = (await gatewayStore.describe('gateway-anchor')).publicKey;
    const anchorKid = (await crypto.sha256(anchorSpki)).subarray(0, 8);
    const anchorFile = path.join(dir, 'gateway', 'anchor.pem');
    await writeFileAtomic(
      anchorFile,
      `-----BEGIN PUBLIC KEY-----\n${toBase64(anchorSpki).replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----\n`,
    );
    const anchorKey = {
      kid: anchorKid,
      alg: 'ES256' as const,
      key: await crypto.importPublicKey(anchorSpki, 'ES256'),
    };
    const operatorToken = await secretFile(path.join(dir, 'gateway', 'operator-token'));
    const gatewayDb = await open('gateway');
    const gateway = new Gateway(gatewayDb.db, {
      id: 'corridor-local-gateway',
      anchor: { alg: 'ES256', privateKey: anchorPair.privateKey, kid: anchorKid },
      anchorKey,
      crypto,
      now,
    });
    await listen(gatewayApp(gateway, { operatorToken }), ports.gateway);
    const gatewayUrl = `http://${host}:${ports.gateway}`;
    const anchorPem = await readFile(anchorFile, 'utf8');

    // ---- national nodes ----
    const keys = {} as Record<'CN' | 'KR', NodeKeys>;
    const syncs = {} as Record<'CN' | 'KR', BundleSync>;
    const issuers = {} as Record<'CN' | 'KR', Issuance>;
    const adminTokenFiles = {} as Record<'CN' | 'KR', string>;
    const staff = {} as Record<'CN' | 'KR', DemoLogin[]>;
    for (const country of COUNTRIES) {
      log(`${country} node: keys and database`);
      const store = new FileKeyStore({
        dir: path.join(dir, country.toLowerCase(), 'keys'),
        passphrase,
      });
      keys[country] = await ensureNodeKeys(store, country, now());
      const db = await open(country.toLowerCase());
      syncs[country] = new BundleSync({ db: db.db, gatewayUrl, anchors: [anchorKey], crypto, now });
      const issuanceNode = await createIssuanceNode({
        country,
        issuerName: AUTHORITIES[country],
        dscs: [
          {
            label: `dsc-${country.toLowerCase()}-1`,
            certificate: keys[country].dsc.der,
            privateKey: keys[country].dsc.keys.privateKey,
          },
        ],
        nodeSecret: await readNodeSecret(path.join(dir, country.toLowerCase())),
        crypto,
      });
      issuers[country] = new Issuance(db.db, issuanceNode, now);
      const admin = await bootstrapAdministrator(db.db, 'administrator', now());
      staff[country] = await seedDemoStaff(db.db, now());
      adminTokenFiles[country] = path.join(dir, country.toLowerCase(), 'admin-token');
      if (admin) {
        await writeFileAtomic(adminTokenFiles[country], `${admin.token}\n`, { mode: 0o600 });
        log(`${country} node: administrator token written to ${adminTokenFiles[country]}`);
      }
      const issuer = issuers[country];
      const nodeKeys = keys[country];
      await listen(
        nodeApp({
          country,
          sync: syncs[country],
          issuance: issuer,
          pushRevocations: () =>
            issuer.push({ gatewayUrl, uploadSigner: nodeKeys.upload.signer, crypto }),
          // The app reads the bundle from the node that serves it: '' is the same origin, so
          // it keeps working whatever host name a desk uses to reach the node.
          ...(options.webDist
            ? {
                web: {
                  dist: options.webDist,
                  config: { node: '', anchors: [anchorPem], country },
                },
              }
            : {}),
        }),
        ports[country],
      );
    }

    // ---- onboarding, DSC upload, agreement (skipped when already done) ----
    const api = async (route: string, init?: RequestInit) =>
      fetch(new URL(route, gatewayUrl), init);
    const participants = (await (await api('/participants')).json()) as { country: string }[];
    for (const country of COUNTRIES) {
      if (participants.some((p) => p.country === country)) continue;
      log(`gateway: onboarding ${country}`);
      const k = keys[country];
      const res = await api('/participants', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${operatorToken}` },
        body: JSON.stringify({
          country,
          name:
            country === 'CN'
              ? 'National Health Commission (demo)'
              : 'Korea Disease Control and Prevention Agency (demo)',
          uploadCertificate: k.upload.pem,
          authorityCertificate: k.authority.pem,
          cscas: [k.csca.pem],
        }),
      });
      await expectOk(res, `onboarding ${country}`);
    }
    const signed = async (
      route: string,
      country: 'CN' | 'KR',
      action: string,
      body: Record<string, unknown>,
    ) => {
      const bytes = (await signGatewayRequest(
        { country, action, iat: Math.floor(now().getTime() / 1000), body },
        keys[country].upload.signer,
        crypto,
      )) as Uint8Array<ArrayBuffer>;
      return api(route, {
        method: 'POST',
        headers: { 'content-type': 'application/cose' },
        body: bytes,
      });
    };
    const list = (await (await api('/trustlist')).json()) as { entries: { kid: string }[] };
    for (const country of COUNTRIES) {
      if (list.entries.some((e) => e.kid === toBase64(keys[country].dsc.kid))) continue;
      log(`${country} node: uploading its DSC`);
      await expectOk(
        await signed('/dscs', country, 'dsc.upload', { certificate: keys[country].dsc.der }),
        `DSC upload ${country}`,
      );
    }
    const agreementId = 'CN-KR-fast-track';
    const agreements = (await (await api('/agreements')).json()) as {
      id: string;
      status: string;
    }[];
    if (!agreements.some((a) => a.id === agreementId)) {
      log('CN and KR: signing the recognition agreement');
      const t = Math.floor(now().getTime() / 1000);
      const agreement = {
        id: agreementId,
        parties: ['CN', 'KR'] as [string, string],
        recognitions: [
          {
            verifier: 'KR',
            issuer: 'CN',
            types: ['vaccination', 'test', 'recovery', 'entry-pass'] as const,
          },
          {
            verifier: 'CN',
            issuer: 'KR',
            types: ['vaccination', 'test', 'recovery', 'entry-pass'] as const,
          },
        ].map((r) => ({ ...r, types: [...r.types] })),
        validFrom: t - 86400,
        validTo: t + 365 * 86400,
      };
      const doc = await signAgreement(agreement, keys.CN.authority.signer, crypto);
      await expectOk(
        await signed('/agreements/propose', 'CN', 'agreement.propose', {
          id: agreementId,
          document: doc,
        }),
        'agreement proposal',
      );
      const counter = await countersignAgreement(doc, keys.KR.authority.signer, crypto);
      await expectOk(
        await signed('/agreements/countersign', 'KR', 'agreement.countersign', {
          id: agreementId,
          document: counter,
        }),
        'countersignature',
      );
      await expectOk(
        await signed('/agreements/activate', 'KR', 'agreement.activate', { id: agreementId }),
        'activation',
      );
    }

    // ---- each destination's entry rules (EU format), signed by its authority ----
    for (const country of COUNTRIES) {
      const published = (await (
        await api(`/documents/rules?country=${country}`)
      ).json()) as unknown[];
      if (published.length > 0) continue;
      log(`${country}: publishing its entry rules`);
      const document = await signRuleSet(
        country === 'CN' ? CN_RULES : KR_RULES,
        keys[country].authority.signer,
        crypto,
      );
      await expectOk(
        await signed('/rules', country, 'rules.upload', { document }),
        `rule set ${country}`,
      );
    }

    // ---- bundle sync ----
    const bundleFiles = {} as Record<'CN' | 'KR', string>;
    for (const country of COUNTRIES) {
      const outcome = await syncs[country].sync();
      if (outcome.status === 'refused' || outcome.status === 'failed')
        throw new Error(`${country} bundle sync: ${JSON.stringify(outcome)}`);
      log(`${country} node: bundle version ${outcome.version} (${outcome.status})`);
      const latest = await syncs[country].latest();
      bundleFiles[country] = path.join(dir, country.toLowerCase(), 'bundle.cose');
      await writeFileAtomic(bundleFiles[country], latest!.cose);
    }

    // ---- schedules: revocations to the gateway, bundles from it, retention purges ----
    const tick = async () => {
      for (const country of COUNTRIES) {
        const pushed = await issuers[country].push({
          gatewayUrl,
          uploadSigner: keys[country].upload.signer,
          crypto,
        });
        if (pushed.hashes > 0)
          log(`${country} node: pushed ${pushed.hashes} revocation hashes to the gateway`);
      }
      for (const country of COUNTRIES) {
        const outcome = await syncs[country].sync();
        if (outcome.status === 'updated') {
          await writeFileAtomic(bundleFiles[country], (await syncs[country].latest())!.cose);
          log(`${country} node: bundle version ${outcome.version}`);
        } else if (outcome.status !== 'unchanged') {
          log(
            `${country} node: sync ${outcome.status}: ${'detail' in outcome ? outcome.detail : ''}`,
          );
        }
      }
    };
    const timer = setInterval(() => {
      tick().catch((error: unknown) => log(`scheduled work failed: ${(error as Error).message}`));
    }, 60_000);
    timer.unref();
    cancels.push(() => clearInterval(timer));
    for (const country of COUNTRIES) cancels.push(issuers[country].schedulePurge());

    // ---- sample certificates ----
    const samplesDir = path.join(dir, 'samples');
    await mkdir(samplesDir, { recursive: true });
    const samples: RunningCorridor['samples'] = [];
    const at = now();
    for (const country of COUNTRIES) {
      const payload = samplePayload(country, at);
      // Issued through the node's issuance domain: recorded, revocable, printable.
      const issued = await issuers[country].issue(
        { type: payload.kind, payload: payload.dcc },
        {
          actor: { id: 'system:start', account: 'system' },
          idempotencyKey: `sample-${country}-${at.toISOString()}`,
        },
      );
      const text = issued.hc1;
      const base = path.join(samplesDir, `${country}-${payload.kind}`);
      await writeFileAtomic(`${base}.txt`, `${text}\n`);
      await writeFileAtomic(`${base}.png`, qrPng(text, { scale: 6 }));
      samples.push({
        country,
        kind: payload.kind,
        text,
        textFile: `${base}.txt`,
        pngFile: `${base}.png`,
        uci: issued.uci,
      });
    }
    return {
      gatewayUrl,
      nodes: { CN: `http://${host}:${ports.CN}`, KR: `http://${host}:${ports.KR}` },
      anchorFile,
      samples,
      bundleFiles,
      ...(options.webDist
        ? {
            apps: {
              CN: `http://${host}:${ports.CN}/app/`,
              KR: `http://${host}:${ports.KR}/app/`,
            },
          }
        : {}),
      adminTokenFiles,
      staff,
      tick,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export { DataFolderInUse } from '../db/folder-lock.js';

/** Thrown when a port the corridor needs is taken. */
export class PortInUse extends Error {
  readonly code = 'PORT_IN_USE';
}

async function expectOk(res: Response, what: string): Promise<void> {
  if (res.ok) return;
  throw new Error(`${what} failed: ${res.status} ${await res.text()}`);
}

/** A vaccination from China and a NAAT test from Korea: what fast-track travellers carried. */
function samplePayload(country: 'CN' | 'KR', at: Date) {
  if (country === 'CN') {
    return {
      kind: 'vaccination' as const,
      dcc: {
        ver: '1.3.0',
        nam: { fn: '王', fnt: 'WANG', gn: '芳', gnt: 'FANG' },
        dob: '1985-04-12',
        v: [
          {
            tg: '840539006',
            vp: '1157024006',
            mp: 'BBIBP-CorV',
            ma: 'ORG-100020693',
            dn: 2,
            sd: 2,
            dt: isoDate(new Date(at.getTime() - 60 * 86400_000)),
            co: 'CN',
          },
        ],
      },
    };
  }
  return {
    kind: 'test' as const,
    dcc: {
      ver: '1.3.0',
      nam: { fn: '김', fnt: 'KIM', gn: '민준', gnt: 'MINJUN' },
      dob: '1979-11-02',
      t: [
        {
          tg: '840539006',
          tt: 'LP6464-4',
          nm: 'RT-PCR',
          sc: new Date(at.getTime() - 12 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          tr: '260415000',
          tc: 'Seoul Demo Testing Centre',
          co: 'KR',
        },
      ],
    },
  };
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
