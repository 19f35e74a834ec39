import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeCbor } from '@corridor/core/cbor';
import { readCoseSign1, sigStructure } from '@corridor/core/cose';
import type { SignatureAlg } from '@corridor/core/crypto';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { fromBase64, utf8Encode } from '@corridor/core/lib';
import { decodeBase32 } from '@corridor/core/nzcp';
import type { Report } from '@corridor/core/report';
import { parseShcJws, readShcQr } from '@corridor/core/shc';
import type { TrustSource } from '@corridor/core/trust';
import { canonicalizeJson } from '@corridor/core/vds-nc';
import { type VerifyContext, verify } from '@corridor/core/verify';
import { readDsc } from '@corridor/core/x509';
import { loadFormatTrustFiles } from '../lib/format-trust-files.js';
import { benchDivoc, type DivocBench } from './divoc.js';
import { median } from './stats.js';
import { measure, round3 } from './verify.js';

/** The formats `corridor bench verify --format` measures besides HC1. */
export const BENCH_FORMATS = ['shc', 'nzcp', 'vds-nc', 'divoc'] as const;
export type BenchFormat = (typeof BENCH_FORMATS)[number];

/** What `corridor bench verify --format F --json` prints; rates are codes per second (medians). */
export interface FormatBench {
  format: BenchFormat;
  /** Valid single-QR codes of the format's shared manifest that were measured. */
  codes: number;
  /** The signature algorithms among them. */
  algs: string[];
  /** Bare node:crypto check of the same signed bytes with pre-imported keys. */
  raw_ops_per_s: number;
  /** Corridor's full `verify()`: text (or bytes) in, Report out, trust from the `--trust` files. */
  corridor_ops_per_s: number;
  ratio: number;
  /** The lowest and highest ratio of one round's pair (how much the machine moved). */
  round_ratios: { min: number; max: number };
  /**
   * The same comparison in CPU time of this process (`process.cpuUsage`, all its threads, so
   * garbage collection counts): microseconds per code, medians of alternating rounds. On a
   * machine shared with other jobs, wall-clock rounds swing with the scheduler; CPU time
   * does not. Not for DIVOC.
   */
  cpu?: { raw_us: number; corridor_us: number; ratio: number };
  /** DIVOC only: the JSON-LD canonicalisation apart (see `bench/divoc.ts`). */
  canonicalize_ops_per_s?: number;
  canonicalize_share?: number;
}

/** One manifest entry ready to measure both ways. */
interface FormatCase {
  input: string;
  context: VerifyContext;
  bare: { alg: SignatureAlg; key: unknown; data: Uint8Array; signature: Uint8Array };
}

interface ManifestEntry {
  file: string;
  parts?: string[];
  trust: string[];
  key_ids?: Record<string, string>;
  at: string;
  expect: string;
}

/**
 * Measures one format's full verification against the bare signature check of the same codes,
 * in alternating rounds (medians compared), over the valid single-QR entries of the shared
 * manifest in `dir/<format>/`. Each entry's trust goes through the same `--trust` file reader
 * as `corridor verify`. DIVOC is measured by {@link benchDivoc}, which also shows the
 * canonicalisation apart. Throws when a code does not verify, so a figure never measures a
 * pipeline that stopped early.
 */
export async function benchFormat(
  vectorsRoot: string,
  format: BenchFormat,
  options: { seconds?: number } = {},
): Promise<FormatBench> {
  const dir = path.join(vectorsRoot, format);
  if (format === 'divoc') return fromDivoc(await benchDivoc(dir, options));
  const crypto = nodeCryptoProvider();
  const manifest = JSON.parse(
    await readFile(path.join(dir, 'manifest.json'), 'utf8'),
  ) as ManifestEntry[];
  const cases: FormatCase[] = [];
  for (const entry of manifest) {
    if (entry.expect !== 'valid' || (entry.parts && entry.parts.length > 1)) continue;
    const trust = await loadFormatTrustFiles(
      entry.trust.map((f) => path.join(dir, f)),
      {},
      crypto,
    );
    const input = (await readFile(path.join(dir, entry.file), 'utf8')).trim();
    const context: VerifyContext = { trust, at: new Date(entry.at), crypto };
    const report = await verify(input, context);
    if (report.status !== 'valid') throw new Error(`${entry.file}: not valid in this run`);
    const bare = await bareParts(format, input, report, trust);
    if (!(await crypto.verify(bare.alg, bare.key, bare.data, bare.signature)))
      throw new Error(`${entry.file}: bare signature check failed`);
    cases.push({ input, context, bare });
  }
  if (cases.length === 0) throw new Error(`no valid ${format} code under ${dir}`);
  const raw = async () => {
    for (const { bare } of cases) {
      if (!(await crypto.verify(bare.alg, bare.key, bare.data, bare.signature)))
        throw new Error('bare verification failed');
    }
  };
  const full = async () => {
    for (const c of cases) {
      if ((await verify(c.input, c.context)).status !== 'valid')
        throw new Error('pipeline verification failed');
    }
  };
  const [rawRates, fullRates] = (await alternate(
    [raw, full],
    cases.length,
    options.seconds ?? 3,
  )) as [number[], number[]];
  const ratios = fullRates.map((f, i) => f / rawRates[i]!);
  // Rounds of about 50 ms of full verification each, whatever the machine's speed.
  const calls = Math.max(10, Math.round((median(fullRates) * 0.05) / cases.length));
  const [rawCpu, fullCpu] = (await alternateCpu([raw, full], calls, 15)).map(
    (us) => median(us) / cases.length,
  ) as [number, number];
  return {
    format,
    codes: cases.length,
    algs: [...new Set(cases.map((c) => c.bare.alg))],
    raw_ops_per_s: Math.round(median(rawRates)),
    corridor_ops_per_s: Math.round(median(fullRates)),
    ratio: round3(median(fullRates) / median(rawRates)),
    round_ratios: { min: round3(Math.min(...ratios)), max: round3(Math.max(...ratios)) },
    cpu: {
      raw_us: round3(rawCpu),
      corridor_us: round3(fullCpu),
      ratio: round3(rawCpu / fullCpu),
    },
  };
}

/**
 * Alternating rounds of `calls` calls of each kind; returns each kind's CPU microseconds per
 * call per round (user + system time of the process, so work on helper threads counts too).
 */
export async function alternateCpu(
  kinds: readonly (() => Promise<void>)[],
  calls: number,
  rounds: number,
): Promise<number[][]> {
  const us: number[][] = kinds.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, kind] of kinds.entries()) {
      const start = process.cpuUsage();
      for (let c = 0; c < calls; c++) await kind();
      const used = process.cpuUsage(start);
      us[i]!.push((used.user + used.system) / calls);
    }
  }
  return us;
}

/**
 * Warms every kind up, then runs them in alternating short rounds so drift in machine load
 * hits them alike; returns each kind's rate per round.
 */
export async function alternate(
  kinds: readonly (() => Promise<void>)[],
  perCall: number,
  seconds: number,
): Promise<number[][]> {
  for (const kind of kinds) await measure(kind, perCall, 0.3);
  const rates: number[][] = kinds.map(() => []);
  const rounds = Math.max(5, Math.min(30, Math.round(seconds * 5)));
  for (let round = 0; round < rounds; round++) {
    for (const [i, kind] of kinds.entries()) {
      rates[i]!.push(await measure(kind, perCall, seconds / rounds));
    }
  }
  return rates;
}

/** What the bare check gets: the signed bytes, the signature and the key, extracted once. */
async function bareParts(
  format: Exclude<BenchFormat, 'divoc'>,
  input: string,
  report: Report,
  trust: TrustSource,
): Promise<FormatCase['bare']> {
  const crypto = nodeCryptoProvider();
  const c = report.credential;
  if (format === 'shc') {
    const qr = readShcQr(input, 1);
    const jws = qr.ok ? parseShcJws(qr.value.jws, 16).jws : undefined;
    const iss = c?.format === 'shc' ? c.issuerId : undefined;
    const key = jws?.kid && iss ? trust.formats?.shc?.issuer(iss)?.keys(jws.kid)[0] : undefined;
    const handle = await key?.importKey(crypto);
    if (!jws || !handle) throw new Error('SHC: signed parts not found');
    return { alg: 'ES256', key: handle, data: jws.signingInput, signature: jws.signature };
  }
  if (format === 'nzcp') {
    const bytes = decodeBase32(input, input.indexOf('/', 'NZCP:/'.length) + 1);
    const cbor = bytes.ok ? decodeCbor(bytes.value) : undefined;
    const sign1 = cbor?.ok ? readCoseSign1(cbor.value) : undefined;
    const nz = c?.format === 'nzcp' ? c : undefined;
    const key =
      nz?.issuerId && nz.kid ? trust.formats?.nzcp?.key(nz.issuerId, nz.kid)?.key : undefined;
    if (!sign1?.ok || key === undefined) throw new Error('NZCP: signed parts not found');
    const data = sigStructure(sign1.value.protectedBytes, sign1.value.payload);
    return { alg: 'ES256', key, data, signature: sign1.value.signature };
  }
  const seal = JSON.parse(input) as {
    data: unknown;
    sig: { alg: string; cer: string; sigvl: string };
  };
  const signer = readDsc(fromBase64(seal.sig.cer));
  const alg = seal.sig.alg as SignatureAlg;
  const key = await crypto.importPublicKey(signer.spki, alg, signer.curve);
  if (key === undefined) throw new Error('VDS-NC: signer key not importable');
  return {
    alg,
    key,
    data: utf8Encode(canonicalizeJson(seal.data)),
    signature: fromBase64(seal.sig.sigvl),
  };
}

function fromDivoc(d: DivocBench): FormatBench {
  return {
    format: 'divoc',
    codes: d.codes,
    algs: d.algs,
    raw_ops_per_s: d.raw_ops_per_s,
    corridor_ops_per_s: d.corridor_ops_per_s,
    ratio: d.ratio,
    round_ratios: d.round_ratios,
    canonicalize_ops_per_s: d.canonicalize_ops_per_s,
    canonicalize_share: d.canonicalize_share,
  };
}
