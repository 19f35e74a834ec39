import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { encodeCbor } from '@corridor/core/cbor';
import { defaultCrypto } from '@corridor/core/crypto';
import { toBase64 } from '@corridor/core/lib';
import { leafHash } from '@corridor/core/transparency';
import { type Database, openDatabase } from '@corridor/server/db';
import { Gateway, gatewayApp } from '@corridor/server/gateway';
import { createAnchor, createCountryKeys } from '@corridor/server/gateway/fixtures';
import { createDsc } from '@corridor/server/pki';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import pg from 'pg';
import { autocannon } from './load.js';
import { median } from './stats.js';

/** Options of {@link benchGateway}. */
export interface BenchGatewayOptions {
  /** `pglite`: embedded, in a temporary folder; `postgres`: a fresh schema at `url`. */
  engine: 'pglite' | 'postgres';
  /** PostgreSQL URL (required for `postgres`). */
  url?: string;
  /** Number of participating countries (default 100). */
  countries?: number;
  /** DSCs per country (default 100). */
  dscsPerCountry?: number;
  /** Fixed request rate of the delta download, requests per second (default 200). */
  rate?: number;
  /** Duration of the delta download run in seconds (default 10). */
  seconds?: number;
  /** Progress messages (the set-up takes a while). */
  onProgress?: (msg: string) => void;
}

/** Latency of one autocannon run, in milliseconds (autocannon's resolution is 1 ms). */
export interface LoadResult {
  rate: number;
  requests: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  non2xx: number;
}

/** What {@link benchGateway} measured. */
export interface BenchGatewayResult {
  engine: 'pglite' | 'postgres';
  countries: number;
  dscs: number;
  /** Median of 5 fresh builds of `Gateway.bundle()` (read, encode, sign, store). */
  bundle_build_ms: number;
  /** Every build, in order (the first also loads the transparency log into memory). */
  bundle_builds_ms: number[];
  bundle_bytes: number;
  /** `GET /trustlist?since=V` over loopback HTTP at a fixed rate. */
  delta: LoadResult & {
    since: number;
    entries: number;
    /** Median of 100 direct `Gateway.trustList({ since })` calls, without HTTP. */
    in_process_p50_ms: number;
    max_ms: number;
  };
  /** `GET /trustlist?pageSize=1000`: the whole list's first page, sequential requests. */
  first_page: { requests: number; p50_ms: number; p99_ms: number; bytes: number; errors: number };
  /** How the numbers were obtained. */
  notes: string[];
}

const DAY_MS = 24 * 3600 * 1000;
const BATCH = 500;

/** `AA`, `AB`, … : distinct two-letter codes (not all real countries; the gateway only checks the form). */
function countryCode(i: number): string {
  return String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26));
}

/**
 * The trust gateway benchmark of the acceptance criterion: a gateway with
 * `countries` × `dscsPerCountry` real DSCs (one key pair per country, distinct certificates),
 * the time to build and sign a bundle (median of 5 fresh builds), and the latency of the
 * delta trust-list download under a fixed request rate, measured over loopback HTTP with
 * autocannon running in a worker thread.
 *
 * Countries are onboarded through `Gateway.onboard`; the DSC rows (with their change and
 * transparency-log rows, but without audit entries) are inserted directly in batches: the
 * per-request upload checks are not what is measured. The changes that make the delta go
 * through the domain (`uploadDsc`, `revokeDsc`) with requests built in memory, so request
 * signatures are not checked.
 */
export async function benchGateway(options: BenchGatewayOptions): Promise<BenchGatewayResult> {
  const countries = options.countries ?? 100;
  const perCountry = options.dscsPerCountry ?? 100;
  const rate = options.rate ?? 200;
  const seconds = options.seconds ?? 10;
  const progress = options.onProgress ?? (() => {});
  const crypto = defaultCrypto();
  if (options.engine === 'postgres' && !options.url)
    throw new Error('the postgres engine needs a database URL');

  const start = new Date(Math.floor(Date.now() / 1000) * 1000);
  // The gateway's clock: moved forward by a day before each bundle build, past half the
  // bundle lifetime, so `bundle()` builds anew instead of returning the stored bundle.
  let offset = 0;
  const now = () => new Date(Date.now() + offset);

  let tmp: string | undefined;
  let schema: string | undefined;
  let database: Database;
  if (options.engine === 'pglite') {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'corridor-bench-gateway-'));
    database = await openDatabase({ dataDir: tmp });
  } else {
    schema = `corridor_bench_${Math.random().toString(16).slice(2, 10)}`;
    database = await openDatabase({ url: options.url!, schema });
  }
  let server: ReturnType<typeof serve> | undefined;
  try {
    const db = database.db;
    const anchor = await createAnchor();
    const gateway = new Gateway(db, {
      id: 'corridor-bench-gateway',
      anchor: anchor.signer,
      anchorKey: anchor.key,
      crypto,
      now,
    });

    // ---- set-up -------------------------------------------------------------------------
    progress(`onboarding ${countries} countries (${options.engine})...`);
    const keys = [];
    for (let i = 0; i < countries; i++) {
      const k = await createCountryKeys(countryCode(i), start);
      await gateway.onboard(
        {
          country: k.country,
          name: `Health authority ${k.country}`,
          uploadCertificate: k.upload.der,
          authorityCertificate: k.authority.der,
          cscas: [k.csca.der],
        },
        'operator',
      );
      keys.push(k);
    }
    const cscaIds = new Map(
      (await db.selectFrom('cscas').select(['id', 'country']).execute()).map((r) => [
        r.country,
        Number(r.id),
      ]),
    );

    progress(`creating and inserting ${countries * perCountry} DSCs...`);
    const setupStarted = performance.now();
    let version = Number(
      (await db.selectFrom('trust_versions').select('version').executeTakeFirstOrThrow()).version,
    );
    const leafAt = Math.floor(start.getTime() / 1000);
    for (const [index, k] of keys.entries()) {
      const csca = { certificate: k.csca.certificate, privateKey: k.csca.keys.privateKey };
      const issued = await Promise.all(
        Array.from({ length: perCountry }, (_, n) =>
          createDsc({
            csca,
            country: k.country,
            commonName: `Corridor DSC ${k.country} ${n + 1}`,
            usages: ['vaccination', 'test', 'recovery'],
            keys: k.dsc.keys,
            now: start,
          }),
        ),
      );
      const rows: {
        version: number;
        kid: string;
        der: Uint8Array;
        thumbprint: Uint8Array;
        notBefore: Date;
        notAfter: Date;
        leaf: Uint8Array;
      }[] = [];
      for (const dsc of issued) {
        version += 1;
        const kid = toBase64(dsc.kid);
        rows.push({
          version,
          kid,
          der: dsc.der,
          thumbprint: await crypto.sha256(dsc.der),
          notBefore: dsc.certificate.notBefore,
          notAfter: dsc.certificate.notAfter,
          leaf: encodeCbor({
            version,
            type: 'dsc.upload',
            country: k.country,
            object: kid,
            at: leafAt,
          }),
        });
      }
      await db.transaction().execute(async (trx) => {
        for (let b = 0; b < rows.length; b += BATCH) {
          const batch = rows.slice(b, b + BATCH);
          await trx
            .insertInto('changes')
            .values(
              batch.map((r) => ({
                version: r.version,
                type: 'dsc.upload',
                country: k.country,
                object_id: r.kid,
              })),
            )
            .execute();
          await trx
            .insertInto('transparency_leaves')
            .values(
              batch.map((r) => ({
                leaf_index: r.version - 1,
                leaf_hash: leafHash(r.leaf),
                leaf_data: r.leaf,
              })),
            )
            .execute();
          await trx
            .insertInto('dscs')
            .values(
              batch.map((r) => ({
                country: k.country,
                kid: r.kid,
                der: r.der,
                thumbprint: r.thumbprint,
                not_before: r.notBefore,
                not_after: r.notAfter,
                revoked_at: null,
                revocation_reason: null,
                version: r.version,
                csca_id: cscaIds.get(k.country) ?? null,
                upload_signature: null,
              })),
            )
            .execute();
        }
        await trx.updateTable('trust_versions').set({ version }).execute();
      });
      if ((index + 1) % 10 === 0 || index + 1 === keys.length)
        progress(
          `  ${(index + 1) * perCountry} DSCs (${((performance.now() - setupStarted) / 1000).toFixed(1)} s)`,
        );
    }
    // Fresh planner statistics after the bulk load, as after any restore (not measured).
    await sql`analyze`.execute(db);
    const dscCount = Number(
      (
        await db
          .selectFrom('dscs')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

    // ---- bundle -------------------------------------------------------------------------
    progress('building and signing 5 bundles...');
    const builds: number[] = [];
    let bundleBytes = 0;
    for (let i = 0; i < 5; i++) {
      offset += DAY_MS + 60_000;
      const t0 = performance.now();
      const bundle = await gateway.bundle();
      builds.push(performance.now() - t0);
      bundleBytes = bundle.cose.length;
      if (bundle.version !== i + 1) throw new Error(`bundle ${i + 1} was not built anew`);
    }
    progress(`  builds (ms): ${builds.map((b) => b.toFixed(0)).join(', ')}`);

    // ---- a delta: a few uploads and revocations through the domain ----------------------
    const since = Number(
      (await db.selectFrom('trust_versions').select('version').executeTakeFirstOrThrow()).version,
    );
    const changed = Math.min(5, countries);
    for (let i = 0; i < changed; i++) {
      const k = keys[i]!;
      const dsc = await createDsc({
        csca: { certificate: k.csca.certificate, privateKey: k.csca.keys.privateKey },
        country: k.country,
        commonName: `Corridor DSC ${k.country} new`,
        usages: ['vaccination'],
        keys: k.dsc.keys,
        now: start,
      });
      const request = (action: string, body: Record<string, unknown>) => ({
        country: k.country,
        action,
        iat: Math.floor(now().getTime() / 1000),
        nonce: globalThis.crypto.getRandomValues(new Uint8Array(16)),
        body,
      });
      await gateway.uploadDsc(request('dsc.upload', { certificate: dsc.der }));
      const victim = await db
        .selectFrom('dscs')
        .select('kid')
        .where('country', '=', k.country)
        .where('revoked_at', 'is', null)
        .orderBy('version')
        .limit(1)
        .executeTakeFirstOrThrow();
      await gateway.revokeDsc(request('dsc.revoke', { kid: victim.kid, reason: 'benchmark' }));
    }
    const delta = await gateway.trustList({ since });
    const direct: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      await gateway.trustList({ since });
      direct.push(performance.now() - t0);
    }

    // ---- HTTP ---------------------------------------------------------------------------
    const app = gatewayApp(gateway, { operatorToken: 'bench-operator-token' });
    const address = await new Promise<AddressInfo>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, resolve);
    });
    const base = `http://127.0.0.1:${address.port}`;
    // Warm-up (JIT, connection, query plans), not measured.
    for (let i = 0; i < 50; i++) {
      const probe = await fetch(`${base}/trustlist?since=${since}`);
      if (probe.status !== 200) throw new Error(`GET /trustlist answered ${probe.status}`);
      await probe.arrayBuffer();
    }

    progress(`GET /trustlist?since=${since} at ${rate} requests/s for ${seconds} s...`);
    const load = await autocannon({
      url: `${base}/trustlist?since=${since}`,
      connections: 10,
      overallRate: rate,
      // Each request's own latency: autocannon's correction assumes a 1 ms interval here and
      // would add synthetic, shorter samples.
      ignoreCoordinatedOmission: true,
      duration: seconds,
      workers: 1,
    });
    progress('GET /trustlist?pageSize=1000, 50 sequential requests...');
    const page = await autocannon({
      url: `${base}/trustlist?pageSize=1000`,
      connections: 1,
      amount: 50,
      workers: 1,
    });

    return {
      engine: options.engine,
      countries,
      dscs: dscCount,
      bundle_build_ms: Math.round(median(builds) * 10) / 10,
      bundle_builds_ms: builds.map((b) => Math.round(b * 10) / 10),
      bundle_bytes: bundleBytes,
      delta: {
        since,
        entries: delta.entries.length,
        in_process_p50_ms: Math.round(median(direct) * 100) / 100,
        rate,
        requests: load.requests.total,
        p50_ms: load.latency.p50,
        p99_ms: load.latency.p99,
        max_ms: load.latency.max,
        errors: load.errors,
        non2xx: load.non2xx,
      },
      first_page: {
        requests: page.requests.total,
        p50_ms: page.latency.p50,
        p99_ms: page.latency.p99,
        bytes: Math.round(page.throughput.total / Math.max(page.requests.total, 1)),
        errors: page.errors + page.non2xx,
      },
      notes: [
        'countries onboarded through Gateway.onboard; DSC rows (with change and transparency-log rows, no audit entries) inserted directly in batches, so the upload checks are not measured',
        'one DSC key pair per country; every DSC certificate differs (serial, CN)',
        'bundle_build_ms: median of 5 Gateway.bundle() calls forced to rebuild (clock moved past half the bundle lifetime): read, encode, sign and store',
        `delta: ${changed} uploads and ${changed} revocations through Gateway.uploadDsc/revokeDsc (request signatures not checked); autocannon in a worker thread, 10 connections, loopback`,
        'latencies: autocannon histogram of every request (1 ms resolution, no coordinated-omission correction); autocannon paces per second, so each connection sends its share of a second back to back: the load arrives as bursts of ~rate requests over 10 connections, harsher than an even spread',
      ],
    };
  } finally {
    const s = server;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    await database.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
    if (schema && options.url) {
      const client = new pg.Client({ connectionString: options.url });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    }
  }
}
