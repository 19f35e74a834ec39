import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import {
  canonicalizeJsonLd,
  DivocTrust,
  type DivocTrustedKey,
  divocSignedData,
  readDivocZip,
  readProof,
  verifyDivoc,
} from '@corridor/core/divoc';
import { median } from './stats.js';
import { measure, round3 } from './verify.js';

/** One valid DIVOC credential of the vector folder, ready for each kind of measurement. */
interface DivocBenchCase {
  input: Uint8Array;
  at: Date;
  trust: DivocTrust;
  credential: Record<string, unknown>;
  key: DivocTrustedKey;
  data: Uint8Array;
  signature: Uint8Array;
  alg: 'PS256' | 'EdDSA';
}

/** What `benchDivoc` reports; rates are credentials per second (medians of the rounds). */
export interface DivocBench {
  codes: number;
  /** The signature algorithms among them (`PS256` for RsaSignature2018, `EdDSA`). */
  algs: string[];
  /** Bare signature check of the precomputed signing input (node:crypto). */
  raw_ops_per_s: number;
  /** The two canonicalisations and digests alone (the JSON-LD part of a verification). */
  canonicalize_ops_per_s: number;
  /** Corridor's full `verifyDivoc`: bytes in, Report out. */
  corridor_ops_per_s: number;
  /** Full verification against the bare signature check. */
  ratio: number;
  /** Share of a full verification's time spent canonicalising (0..1). */
  canonicalize_share: number;
  /** The lowest and highest full-to-bare ratio of one round (how much the machine moved). */
  round_ratios: { min: number; max: number };
}

/**
 * Measures DIVOC verification of the valid entries of a DIVOC vector folder (the format of
 * `../shared/vectors/divoc/manifest.json`) in alternating rounds: the bare signature check,
 * canonicalisation alone, and the full pipeline, so the report can show what the JSON-LD
 * canonicalisation costs apart from the rest. For `corridor bench verify --format divoc`.
 */
export async function benchDivoc(
  divocDir: string,
  options: { seconds?: number } = {},
): Promise<DivocBench> {
  const crypto = nodeCryptoProvider();
  const cases = await loadDivocBenchCases(divocDir, crypto);
  if (cases.length === 0) throw new Error(`no valid DIVOC credential under ${divocDir}`);
  const seconds = options.seconds ?? 3;
  const raw = async () => {
    for (const c of cases) {
      if (!(await crypto.verify(c.alg, c.key.key, c.data, c.signature)))
        throw new Error('bare verification failed');
    }
  };
  const canonicalize = async () => {
    for (const c of cases) {
      const { proof, ...document } = c.credential;
      const { jws: _jws, ...proofOptions } = proof as Record<string, unknown>;
      const options = { '@context': 'https://w3id.org/security/v2', ...proofOptions };
      const [a, b] = await Promise.all([
        canonicalizeJsonLd(options, c.trust.contexts),
        canonicalizeJsonLd(document, c.trust.contexts),
      ]);
      if (!a.ok || !b.ok) throw new Error('canonicalisation failed');
    }
  };
  const full = async () => {
    for (const c of cases) {
      const report = await verifyDivoc(c.input, { trust: c.trust, at: c.at, crypto });
      if (report.status !== 'valid') throw new Error('pipeline verification failed');
    }
  };
  const kinds = [raw, canonicalize, full];
  for (const kind of kinds) await measure(kind, cases.length, 0.3);
  const rates: number[][] = kinds.map(() => []);
  const rounds = Math.max(5, Math.min(30, Math.round(seconds * 5)));
  for (let round = 0; round < rounds; round++) {
    for (const [i, kind] of kinds.entries()) {
      rates[i]!.push(await measure(kind, cases.length, seconds / rounds));
    }
  }
  const [rawRate, canonRate, fullRate] = rates.map(median) as [number, number, number];
  const ratios = rates[2]!.map((f, i) => f / rates[0]![i]!);
  return {
    codes: cases.length,
    algs: [...new Set(cases.map((c) => c.alg))],
    raw_ops_per_s: Math.round(rawRate),
    canonicalize_ops_per_s: Math.round(canonRate),
    corridor_ops_per_s: Math.round(fullRate),
    ratio: round3(fullRate / rawRate),
    canonicalize_share: round3(fullRate / canonRate),
    round_ratios: { min: round3(Math.min(...ratios)), max: round3(Math.max(...ratios)) },
  };
}

/** The manifest's `valid` entries, with their trust and precomputed signing input. */
async function loadDivocBenchCases(
  dir: string,
  crypto: ReturnType<typeof nodeCryptoProvider>,
): Promise<DivocBenchCase[]> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as {
    file: string;
    trust: string[];
    key_ids: Record<string, string>;
    at: string;
    expect: string;
  }[];
  const cases: DivocBenchCase[] = [];
  for (const entry of manifest.filter((e) => e.expect === 'valid')) {
    const keys = await Promise.all(
      entry.trust.map(async (file) => ({
        verificationMethod: entry.key_ids[file]!,
        publicKeyPem: await readFile(path.join(dir, file), 'utf8'),
      })),
    );
    const trust = await DivocTrust.create({ keys }, { crypto });
    const input = new Uint8Array(await readFile(path.join(dir, entry.file)));
    const json = entry.file.endsWith('.json') ? input : readDivocZip(input, 65536);
    const bytes = json instanceof Uint8Array ? json : json.ok ? json.value : undefined;
    if (!bytes) throw new Error(`${entry.file}: unreadable ZIP`);
    const credential = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const proof = readProof(credential.proof);
    if (!proof.ok) throw new Error(`${entry.file}: ${proof.code}`);
    const signed = await divocSignedData(credential, proof.value, trust.contexts, crypto);
    if (!signed.ok) throw new Error(`${entry.file}: ${signed.code}`);
    const key = trust.candidates(proof.value.verificationMethod, undefined)[0];
    if (!key) throw new Error(`${entry.file}: no key`);
    cases.push({
      input,
      at: new Date(entry.at),
      trust,
      credential,
      key,
      data: signed.value.data,
      signature: proof.value.signature,
      alg: proof.value.alg,
    });
  }
  return cases;
}
