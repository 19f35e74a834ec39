import { mkdir, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import type { CryptoProvider } from '@corridor/core/crypto';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { type Lane, NO_SIGNALS } from '@corridor/core/lanes';
import { toBase64 } from '@corridor/core/lib';
import { serve } from '@hono/node-server';
import { type Database, openDatabase } from '../db/database.js';
import { lockFile } from '../db/folder-lock.js';
import {
  authorityName,
  type CorridorPorts,
  consecutivePorts,
  parseCountries,
} from '../demo/countries.js';
import {
  authorityKeys,
  demoLane,
  ensureLaneDocument,
  nodeLanes,
  publishSampleIndicators,
  runsDemoLane,
  submitLaneVersion,
} from '../demo/lanes.js';
import { issueSamples, type SampleCertificate } from '../demo/samples.js';
import { type LaneDemo, runLaneDemo } from '../demo/traveller.js';
import { gatewayClient, setUpTrust } from '../demo/trust.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { gatewayApp } from '../gateway/app.js';
import { Gateway } from '../gateway/service.js';
import { bootstrapAdministrator } from '../issuance/accounts.js';
import { createIssuanceNode } from '../issuance/config.js';
import { Issuance } from '../issuance/service.js';
import { FileKeyStore } from '../keystore/file-key-store.js';
import { Lanes } from '../lanes/service.js';
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
  /**
   * The corridor's countries (ISO 3166-1 alpha-2, 2 to 8; default CN and KR): each gets a
   * national node. The live lane runs when CN and KR are both there.
   */
  countries?: readonly string[];
  /** The gateway's port and each country's (default 8400, then one each from 8401). */
  ports?: CorridorPorts;
  /** Unlocks the key stores; a generated one is kept in the data folder when absent. */
  passphrase?: string;
  /** PostgreSQL URL: each service gets its own schema there instead of embedded PGlite. */
  databaseUrl?: string;
  now?: () => Date;
  log?: (line: string) => void;
  /**
   * The built web app (`packages/web/dist`): when given, each node serves it under `/app/`,
   * configured with that node's own `GET /bundle`, the gateway anchor and its country, and the
   * gateway serves it for its operator console (`/app/operator`).
   */
  webDist?: string;
}

export interface RunningCorridor {
  /** The countries, in the order of their ports. */
  countries: string[];
  gatewayUrl: string;
  nodes: Record<string, string>;
  anchorFile: string;
  samples: SampleCertificate[];
  bundleFiles: Record<string, string>;
  /** Each node's web app (`…/app/`), when `webDist` was given. */
  apps?: Record<string, string>;
  /** The operator console the gateway serves (`…/app/operator`), when `webDist` was given. */
  operatorConsole?: string;
  /** Files holding each node's first administrator token (mode 0600). */
  adminTokenFiles: Record<string, string>;
  /** The live CN⇄KR lane's traveller, files and checks (when CN and KR are both there). */
  lane?: LaneDemo;
  /** Each node's demo web sign-ins (one account per role, fresh passwords every start). */
  staff: Record<string, DemoLogin[]>;
  /**
   * What the schedules do every minute, now: push queued revocation hashes to the gateway,
   * then pull the bundle into every node (and their `bundle.cose` files).
   */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Brings up a whole corridor on one machine: the trust gateway and a national node per
 * country (China and Korea by default), each with its own database (embedded PGlite by
 * default) and key store. The services start here; what the demonstration puts in them
 * comes from `../demo/`: trust (onboarding, DSCs, agreements, rules), the live CN⇄KR lane
 * (countersigned, carried in the bundle, one traveller approved), and sample certificates.
 * Every trust step is idempotent, so a second start reuses the data.
 */
export async function startCorridor(options: CorridorOptions): Promise<RunningCorridor> {
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const host = options.host ?? '127.0.0.1';
  const countries = parseCountries(options.countries);
  const ports = options.ports ?? consecutivePorts(8400, countries);
  for (const country of countries)
    if (!(ports[country] && ports[country] > 0)) throw new Error(`no port for ${country}`);
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
                `port ${port} on ${host} is in use; pass --port with the first of ${countries.length + 1} free ports`,
              )
            : error,
        ),
      );
      servers.push(server);
    });
  const cancels: (() => void | Promise<void>)[] = [];
  const stop = async () => {
    for (const cancel of cancels) await cancel();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r(undefined)))));
    for (const db of databases) await db.close();
    await releaseLock();
  };

  try {
    // ---- keys of every country (the lane document needs two authorities' before the gateway) ----
    const keys: Record<string, NodeKeys> = {};
    for (const country of countries) {
      const store = new FileKeyStore({
        dir: path.join(dir, country.toLowerCase(), 'keys'),
        passphrase,
      });
      // Made a week back on the first start: the demo traveller's tests carry the dates a lab
      // issued them (up to four days ago), inside the validity of the DSC that signed them.
      keys[country] = await ensureNodeKeys(
        store,
        country,
        new Date(now().getTime() - 7 * 86_400_000),
      );
    }
    const lane = runsDemoLane(countries)
      ? await ensureLaneDocument({ dir, keys, crypto, at: now(), log })
      : undefined;

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
    const anchorPem = await readFile(anchorFile, 'utf8');
    // The gateway serves the operator console: it reads the gateway's own public routes
    // ('' is the same origin) and checks the bundle, signatures and log against the anchor.
    await listen(
      gatewayApp(gateway, {
        operatorToken,
        ...(options.webDist
          ? { web: { dist: options.webDist, config: { node: '', anchors: [anchorPem] } } }
          : {}),
      }),
      ports.gateway,
    );
    const gatewayUrl = `http://${host}:${ports.gateway}`;

    // ---- national nodes ----
    const syncs: Record<string, BundleSync> = {};
    const issuers: Record<string, Issuance> = {};
    const issuanceNodes: Record<string, Issuance['node']> = {};
    const laneDomains: Record<string, Lanes> = {};
    const adminTokenFiles: Record<string, string> = {};
    const nodes: Record<string, string> = {};
    const nodeDbs: Record<string, Database['db']> = {};
    const laneKeys = lane ? await authorityKeys(keys) : undefined;
    // A node's queued revocation hashes, certificates' and entry passes', to the gateway.
    const pushAll = async (country: string) => {
      const link = { gatewayUrl, uploadSigner: keys[country]!.upload.signer, crypto };
      const certificates = await issuers[country]!.push(link);
      const passes = await laneDomains[country]!.push(link);
      return { hashes: certificates.hashes + passes.hashes };
    };
    const staff: Record<string, DemoLogin[]> = {};
    for (const country of countries) {
      log(`${country} node: keys and database`);
      const lc = country.toLowerCase();
      const db = await open(lc);
      nodeDbs[country] = db.db;
      const sync = new BundleSync({ db: db.db, gatewayUrl, anchors: [anchorKey], crypto, now });
      syncs[country] = sync;
      const issuanceNode = await createIssuanceNode({
        country,
        issuerName: authorityName(country),
        dscs: [
          {
            label: `dsc-${lc}-1`,
            certificate: keys[country]!.dsc.der,
            privateKey: keys[country]!.dsc.keys.privateKey,
          },
        ],
        nodeSecret: await readNodeSecret(path.join(dir, lc)),
        crypto,
      });
      const issuer = new Issuance(db.db, issuanceNode, now);
      issuanceNodes[country] = issuanceNode;
      issuers[country] = issuer;
      laneDomains[country] = await nodeLanes({
        country,
        authority: authorityName(country),
        db: db.db,
        keys: keys[country]!,
        crypto,
        now,
        ...(lane && laneKeys ? { lane: { document: lane, keys: laneKeys } } : {}),
        // While a breaker of a lane blocks new passes, the node refuses them (its synced bundle).
        breakerSignals: async () => (await sync.trust())?.laneSignals() ?? NO_SIGNALS,
        // Checkpoint decisions and HC1 arrival results are verified against the same bundle.
        trust: () => sync.trust(),
      });
      const admin = await bootstrapAdministrator(db.db, 'administrator', now());
      staff[country] = await seedDemoStaff(db.db, now());
      adminTokenFiles[country] = path.join(dir, lc, 'admin-token');
      if (admin) {
        await writeFileAtomic(adminTokenFiles[country], `${admin.token}\n`, { mode: 0o600 });
        log(`${country} node: administrator token written to ${adminTokenFiles[country]}`);
      }
      await listen(
        nodeApp({
          country,
          sync: syncs[country],
          issuance: issuer,
          lanes: laneDomains[country],
          pushRevocations: () => pushAll(country),
          // The app reads the bundle from the node that serves it: '' is the same origin, so
          // it keeps working whatever host name a desk uses to reach the node.
          ...(options.webDist
            ? {
                web: {
                  dist: options.webDist,
                  config: {
                    node: '',
                    anchors: [anchorPem],
                    country,
                    ...arrivalPort(lane ? demoLane(now()) : undefined, country),
                  },
                },
              }
            : {}),
        }),
        ports[country]!,
      );
      nodes[country] = `http://${host}:${ports[country]}`;
    }

    // ---- trust: onboarding, DSCs, agreements, rules (skipped when already done) ----
    const gatewayRequests = gatewayClient({ gatewayUrl, operatorToken, keys, crypto, now });
    await setUpTrust({ countries, gateway: gatewayRequests, keys, crypto, now, log });
    // The co-signed lane version goes to the gateway like any party's submission (a repeat
    // of the same bytes on a later start changes nothing); the bundle then carries it.
    if (lane) await submitLaneVersion(gatewayRequests, countries[0]!, lane, log);
    // Each side's week of indicators, so that the lane's breaker has figures: the lane is open.
    if (lane)
      await publishSampleIndicators({ gateway: gatewayRequests, keys, crypto, at: now(), log });

    // ---- bundle sync ----
    const bundleFiles: Record<string, string> = {};
    for (const country of countries) {
      const outcome = await syncs[country]!.sync();
      if (outcome.status === 'refused' || outcome.status === 'failed')
        throw new Error(`${country} bundle sync: ${JSON.stringify(outcome)}`);
      log(`${country} node: bundle version ${outcome.version} (${outcome.status})`);
      const latest = await syncs[country]!.latest();
      bundleFiles[country] = path.join(dir, country.toLowerCase(), 'bundle.cose');
      await writeFileAtomic(bundleFiles[country], latest!.cose);
    }

    // ---- schedules: revocations to the gateway, bundles from it, retention purges ----
    const tick = async () => {
      for (const country of countries) {
        const pushed = await pushAll(country);
        if (pushed.hashes > 0)
          log(`${country} node: pushed ${pushed.hashes} revocation hashes to the gateway`);
      }
      for (const country of countries) {
        const sync = syncs[country]!;
        const outcome = await sync.sync();
        if (outcome.status === 'updated') {
          await writeFileAtomic(bundleFiles[country]!, (await sync.latest())!.cose);
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
    for (const country of countries) {
      cancels.push(issuers[country]!.schedulePurge());
      cancels.push(laneDomains[country]!.schedulePurge());
      // Monitoring (missed reports, then its purge) with the outbox's webhook delivery worker,
      // and the arrival escalations (no-show, overdue result).
      const lanesLog = (error: unknown) =>
        log(`${country} node: lane schedule failed: ${(error as Error).message}`);
      cancels.push(laneDomains[country]!.scheduleMonitoring(undefined, lanesLog));
      cancels.push(laneDomains[country]!.scheduleEscalations(undefined, lanesLog));
    }

    // ---- what the demo shows: sample certificates, and a traveller on the live lane ----
    const at = now();
    const samples = await issueSamples({ dir, issuers, countries, at });
    const laneDemo = lane
      ? await runLaneDemo({
          dir,
          origin: {
            country: 'CN',
            // The origin's lab issues each test when its result is out: the node at that time.
            issuanceAt: (t: Date) => new Issuance(nodeDbs.CN!, issuanceNodes.CN!, () => t),
            bundleFile: bundleFiles.CN!,
          },
          destination: {
            country: 'KR',
            url: nodes.KR!,
            db: nodeDbs.KR!,
            dataDir: path.join(dir, 'kr'),
            bundleFile: bundleFiles.KR!,
            now,
            lanesAt: (t: Date) => new Lanes(nodeDbs.KR!, laneDomains.KR!.node, () => t),
          },
          anchorFile,
          gatewayUrl,
          at,
          log,
        })
      : undefined;
    return {
      countries,
      gatewayUrl,
      nodes,
      anchorFile,
      samples,
      bundleFiles,
      ...(options.webDist
        ? {
            apps: Object.fromEntries(countries.map((c) => [c, `${nodes[c]}/app/`])),
            operatorConsole: `${gatewayUrl}/app/operator`,
          }
        : {}),
      adminTokenFiles,
      ...(laneDemo ? { lane: laneDemo } : {}),
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

/**
 * The port of entry a node's scanner starts with at arrival: the first port of the lane
 * direction into `country` (`ICN` for Korea on the demo lane). None without a lane into it.
 */
export function arrivalPort(lane: Lane | undefined, country: string): { port?: string } {
  const port = lane?.directions.find((d) => d.destination === country)?.ports[0];
  return port ? { port } : {};
}
