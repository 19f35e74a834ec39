import { readFile } from 'node:fs/promises';
import { decodeBase45 } from '@corridor/core/base45/decode';
import { decodeCbor } from '@corridor/core/cbor/decode';
import { readCoseSign1, sigStructure } from '@corridor/core/cose/sign1';
import type { CoseAlg } from '@corridor/core/crypto/provider';
import { unprefix } from '@corridor/core/hcert/unprefix';
import { DscTrustList } from '@corridor/core/trust/trust-list';
import { type VerifyContext, verify } from '@corridor/core/verify';
import { inflateCapped } from '@corridor/core/zlib/inflate';
import { nodeCryptoProvider } from '@corridor/server/crypto/node-crypto';
import { findJsonFiles } from '../lib/files.js';
import { median } from './stats.js';

export interface AlgBench {
  codes: number;
  raw_ops_per_s: number;
  corridor_ops_per_s: number;
  ratio: number;
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
}

/**
 * Collects the valid ES256 and PS256 codes of the dgc-testdata vectors: each with its DSC as
 * the only trusted key and its own validation clock.
 */
export async function loadBenchCases(dgcDir: string): Promise<Record<CoseAlg, BenchCase[]>> {
  const crypto = nodeCryptoProvider();
  const cases: Record<CoseAlg, BenchCase[]> = { ES256: [], PS256: [] };
  for (const file of await findJsonFiles(dgcDir)) {
    const v = JSON.parse(await readFile(file, 'utf8'));
    if (v.EXPECTEDRESULTS?.EXPECTEDVERIFY !== true || !v.PREFIX || !v.TESTCTX?.CERTIFICATE)
      continue;
    let trust: DscTrustList;
    try {
      trust = await DscTrustList.create([v.TESTCTX.CERTIFICATE], { crypto });
    } catch {
      continue;
    }
    const context: VerifyContext = { trust, at: new Date(v.TESTCTX.VALIDATIONCLOCK), crypto };
    const report = await verify(v.PREFIX, context);
    if (report.steps.signature !== 'passed') continue;
    const raw = rawParts(v.PREFIX);
    const key = trust.keys[0]!;
    if (!raw || raw.alg !== key.alg) continue;
    cases[raw.alg].push({
      text: v.PREFIX,
      context,
      raw: { data: raw.data, signature: raw.signature, key: key.key },
      dsc: key.dsc.der,
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
 * messages, pre-imported keys) and Corridor's full pipeline (QR text in, Report out).
 */
export async function benchVerify(
  dgcDir: string,
  options: { seconds?: number } = {},
): Promise<VerifyBench> {
  const cases = await loadBenchCases(dgcDir);
  const crypto = nodeCryptoProvider();
  const seconds = options.seconds ?? 3;
  const out = {} as VerifyBench;
  for (const alg of ['ES256', 'PS256'] as const) {
    const list = cases[alg];
    if (list.length === 0) throw new Error(`no valid ${alg} codes under ${dgcDir}`);
    const raw = () => {
      for (const c of list) {
        if (!crypto.verify(alg, c.raw.key, c.raw.data, c.raw.signature))
          throw new Error('bare verification failed');
      }
    };
    const full = async () => {
      for (const c of list) {
        const report = await verify(c.text, c.context);
        if (report.steps.signature !== 'passed') throw new Error('pipeline verification failed');
      }
    };
    // Warm up both, then alternate short rounds so drift in machine load hits both alike;
    // the medians of the rounds are compared.
    await measure(async () => raw(), list.length, 0.3);
    await measure(full, list.length, 0.3);
    const rawRates: number[] = [];
    const fullRates: number[] = [];
    const rounds = Math.max(5, Math.min(30, Math.round(seconds * 5)));
    for (let round = 0; round < rounds; round++) {
      rawRates.push(await measure(async () => raw(), list.length, seconds / rounds));
      fullRates.push(await measure(full, list.length, seconds / rounds));
    }
    const rawRate = median(rawRates);
    const fullRate = median(fullRates);
    out[alg === 'ES256' ? 'es256' : 'ps256'] = {
      codes: list.length,
      raw_ops_per_s: Math.round(rawRate),
      corridor_ops_per_s: Math.round(fullRate),
      ratio: Math.round((fullRate / rawRate) * 1000) / 1000,
    };
  }
  return out;
}

async function measure(fn: () => Promise<void>, perCall: number, seconds: number): Promise<number> {
  let ops = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    await fn();
    ops += perCall;
  }
  return ops / ((performance.now() - start) / 1000);
}
