import { readFile } from 'node:fs/promises';
import { decodeBase45 } from '@corridor/core/base45';
import { decodeCbor } from '@corridor/core/cbor';
import { readCoseSign1, sigStructure } from '@corridor/core/cose';
import type { CoseAlg } from '@corridor/core/crypto';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { unprefix } from '@corridor/core/hcert';
import { DscTrustList } from '@corridor/core/trust';
import { type VerifyContext, verify } from '@corridor/core/verify';
import { inflateCapped } from '@corridor/core/zlib';
import { findJsonFiles } from '../lib/files.js';
import { median } from './stats.js';

export interface AlgBench {
  codes: number;
  raw_ops_per_s: number;
  corridor_ops_per_s: number;
  ratio: number;
  /** The lowest and highest ratio of one round's pair (how much the machine moved). */
  round_ratios: { min: number; max: number };
  /** With `bounds`: what two idealised pipelines would reach, measured in the same rounds. */
  bounds?: VerifyBounds;
}

/**
 * Ceilings for the ratio on the machine at hand: a `verify()` doing nothing but the bare
 * signature check behind an `await`, and one whose only other work is a native `JSON.parse`
 * of the certificate's payload (which every verifier must turn into objects). A real decoder
 * of Base45, zlib, CBOR and the schema does more work than either.
 */
export interface VerifyBounds {
  await_only_ratio: number;
  json_parse_ratio: number;
}

export interface VerifyBench {
  es256: AlgBench;
  ps256: AlgBench;
}

interface BenchCase {
  text: string;
  context: VerifyContext;
  /** What bare verification gets: the signed bytes, the signature and the pre-imported key. */
  raw: { data: Uint8Array; signature: Uint8Array; key: unknown };
  /** The DSC (DER) that signed the code. */
  dsc: Uint8Array;
  /** The decoded payload as JSON text (for the JSON.parse bound). */
  json: string;
}

/**
 * Collects the valid ES256 and PS256 codes of the dgc-testdata vectors: each with its DSC as
 * the only trusted key and its own validation clock.
 */
export async function loadBenchCases(dgcDir: string): Promise<Record<CoseAlg, BenchCase[]>> {
  const cases: Record<CoseAlg, BenchCase[]> = { ES256: [], PS256: [] };
  for (const file of await findJsonFiles(dgcDir)) {
    const v = JSON.parse(await readFile(file, 'utf8'));
    if (v.EXPECTEDRESULTS?.EXPECTEDVERIFY !== true || !v.PREFIX || !v.TESTCTX?.CERTIFICATE)
      continue;
    let trust: DscTrustList;
    try {
      trust = await DscTrustList.create([v.TESTCTX.CERTIFICATE]);
    } catch {
      continue;
    }
    // No provider named: the default path a library user gets (`defaultCrypto()`, chosen by
    // the package's conditions; node:crypto on Node).
    const context: VerifyContext = { trust, at: new Date(v.TESTCTX.VALIDATIONCLOCK) };
    const report = await verify(v.PREFIX, context);
    if (report.steps.signature !== 'passed') continue;
    const json = JSON.stringify(report.credential?.dcc ?? null);
    const raw = rawParts(v.PREFIX);
    const key = trust.keys[0]!;
    if (!raw || raw.alg !== key.alg) continue;
    cases[raw.alg].push({
      text: v.PREFIX,
      context,
      raw: { data: raw.data, signature: raw.signature, key: key.key },
      dsc: key.dsc.der,
      json,
    });
  }
  return cases;
}

function rawParts(text: string) {
  const b45 = unprefix(text);
  if (!b45.ok) return undefined;
  const z = decodeBase45(b45.value);
  if (!z.ok) return undefined;
  const c = inflateCapped(z.value);
  if (!c.ok) return undefined;
  const v = decodeCbor(c.value);
  if (!v.ok) return undefined;
  const s = readCoseSign1(v.value);
  if (!s.ok || !s.value.alg) return undefined;
  return {
    alg: s.value.alg,
    data: sigStructure(s.value.protectedBytes, s.value.payload),
    signature: s.value.signature,
  };
}

/**
 * Measures, in one run and interleaved, bare node:crypto signature verification (same
 * messages, pre-imported keys) and Corridor's full pipeline (QR text in, Report out); with
 * `bounds`, also the two idealised pipelines of {@link VerifyBounds}.
 */
export async function benchVerify(
  dgcDir: string,
  options: { seconds?: number; bounds?: boolean } = {},
): Promise<VerifyBench> {
  const cases = await loadBenchCases(dgcDir);
  const crypto = nodeCryptoProvider();
  const seconds = options.seconds ?? 3;
  const out = {} as VerifyBench;
  for (const alg of ['ES256', 'PS256'] as const) {
    const list = cases[alg];
    if (list.length === 0) throw new Error(`no valid ${alg} codes under ${dgcDir}`);
    const check = (c: BenchCase) => {
      if (!crypto.verify(alg, c.raw.key, c.raw.data, c.raw.signature))
        throw new Error('bare verification failed');
    };
    const raw = async () => {
      for (const c of list) check(c);
    };
    const full = async () => {
      for (const c of list) {
        const report = await verify(c.text, c.context);
        if (report.steps.signature !== 'passed') throw new Error('pipeline verification failed');
      }
    };
    const settled = Promise.resolve();
    const awaitOnly = async () => {
      for (const c of list) {
        await settled;
        check(c);
      }
    };
    const jsonParse = async () => {
      for (const c of list) {
        await settled;
        if (JSON.parse(c.json) === undefined) throw new Error('unreachable');
        check(c);
      }
    };
    const kinds = options.bounds ? [raw, full, awaitOnly, jsonParse] : [raw, full];
    // Warm up every kind, then alternate short rounds so drift in machine load hits them
    // alike; the medians of the rounds are compared.
    for (const kind of kinds) await measure(kind, list.length, 0.3);
    const rates: number[][] = kinds.map(() => []);
    const rounds = Math.max(5, Math.min(30, Math.round(seconds * 5)));
    for (let round = 0; round < rounds; round++) {
      for (const [i, kind] of kinds.entries()) {
        rates[i]!.push(await measure(kind, list.length, seconds / rounds));
      }
    }
    const [rawRates, fullRates] = rates as [number[], number[]];
    const rawRate = median(rawRates);
    const fullRate = median(fullRates);
    const roundRatios = fullRates.map((f, i) => f / rawRates[i]!);
    const result: AlgBench = {
      codes: list.length,
      raw_ops_per_s: Math.round(rawRate),
      corridor_ops_per_s: Math.round(fullRate),
      ratio: round3(fullRate / rawRate),
      round_ratios: {
        min: round3(Math.min(...roundRatios)),
        max: round3(Math.max(...roundRatios)),
      },
    };
    if (options.bounds) {
      result.bounds = {
        await_only_ratio: round3(median(rates[2]!) / rawRate),
        json_parse_ratio: round3(median(rates[3]!) / rawRate),
      };
    }
    out[alg === 'ES256' ? 'es256' : 'ps256'] = result;
  }
  return out;
}

/** `x` rounded to three decimals, as the benchmarks report ratios. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Operations per second of `fn` (which does `perCall` operations) over about `seconds`. */
export async function measure(
  fn: () => Promise<void>,
  perCall: number,
  seconds: number,
): Promise<number> {
  let ops = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    await fn();
    ops += perCall;
  }
  return ops / ((performance.now() - start) / 1000);
}
