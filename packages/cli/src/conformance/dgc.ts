import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeBase45 } from '@corridor/core/base45';
import { DEFAULT_CBOR_LIMITS, decodeCbor } from '@corridor/core/cbor';
import { readCoseSign1 } from '@corridor/core/cose';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { validateDcc } from '@corridor/core/dcc';
import { readHcertClaims, unprefix } from '@corridor/core/hcert';
import { bytesEqual, fromBase64, fromHex, toHex } from '@corridor/core/lib';
import { qrPng, readQrText } from '@corridor/core/qr';
import { DscTrustList } from '@corridor/core/trust';
import { verify, verifyCose } from '@corridor/core/verify';
import { inflateCapped } from '@corridor/core/zlib';
import { findJsonFiles } from '../lib/files.js';
import { loadQrReader } from '../lib/qr-node.js';

/** The `EXPECTED*` flags of the EU dgc-testdata format that Corridor checks. */
export const DGC_FLAGS = [
  'EXPECTEDPICTUREDECODE',
  'EXPECTEDUNPREFIX',
  'EXPECTEDB45DECODE',
  'EXPECTEDCOMPRESSION',
  'EXPECTEDDECODE',
  'EXPECTEDVERIFY',
  'EXPECTEDEXPIRATIONCHECK',
  'EXPECTEDKEYUSAGE',
  'EXPECTEDSCHEMAVALIDATION',
  'EXPECTEDVALIDJSON',
] as const;
export type DgcFlag = (typeof DGC_FLAGS)[number];

export interface DgcDisagreement {
  file: string;
  flag: DgcFlag;
  expected: boolean;
  got: boolean;
  /** The finding code behind Corridor's answer, when there is one. */
  code?: string;
}

export interface DgcExclusion {
  file: string;
  flag: DgcFlag;
  reason: string;
}

export interface DgcConformanceResult {
  files: number;
  flags: Record<string, { agree: number; disagree: number; excluded: number }>;
  disagreements: DgcDisagreement[];
  excluded: (DgcExclusion & { got: boolean })[];
}

interface VectorFile {
  JSON?: unknown;
  CBOR?: string;
  COSE?: string;
  COMPRESSED?: string;
  BASE45?: string;
  PREFIX?: string;
  '2DCODE'?: string;
  TESTCTX?: { CERTIFICATE?: string; VALIDATIONCLOCK?: string; DESCRIPTION?: string };
  EXPECTEDRESULTS?: Record<string, boolean>;
}

interface StepAnswer {
  got: boolean;
  code?: string;
}

/**
 * Runs every dgc-testdata file under `dir` through Corridor and compares each `EXPECTED*`
 * flag with what Corridor does at that step (the format is the README of
 * eu-digital-green-certificates/dgc-testdata). `exclusions` lists known-contradictory vectors;
 * an excluded flag is still run and reported, just not counted as a disagreement.
 */
export async function runDgcConformance(
  dir: string,
  options: { exclusions?: DgcExclusion[]; onProgress?: (done: number, total: number) => void } = {},
): Promise<DgcConformanceResult> {
  const files = (await findJsonFiles(dir)).sort();
  const crypto = nodeCryptoProvider();
  const result: DgcConformanceResult = { files: 0, flags: {}, disagreements: [], excluded: [] };
  for (const flag of DGC_FLAGS) result.flags[flag] = { agree: 0, disagree: 0, excluded: 0 };
  const excluded = new Map((options.exclusions ?? []).map((e) => [`${e.file}#${e.flag}`, e]));
  let done = 0;
  for (const file of files) {
    done++;
    const vector = JSON.parse(await readFile(file, 'utf8')) as VectorFile;
    options.onProgress?.(done, files.length);
    if (!vector.EXPECTEDRESULTS || !vector.TESTCTX) continue;
    result.files++;
    const rel = path.relative(dir, file).split(path.sep).join('/');
    const checker = new VectorChecker(vector, crypto);
    for (const flag of DGC_FLAGS) {
      const expected = vector.EXPECTEDRESULTS[flag];
      if (typeof expected !== 'boolean') continue;
      const answer = await checker.check(flag);
      const exclusion = excluded.get(`${rel}#${flag}`);
      const counts = result.flags[flag]!;
      if (exclusion) {
        counts.excluded++;
        result.excluded.push({ ...exclusion, got: answer.got });
      } else if (answer.got === expected) {
        counts.agree++;
      } else {
        counts.disagree++;
        const d: DgcDisagreement = { file: rel, flag, expected, got: answer.got };
        if (answer.code) d.code = answer.code;
        result.disagreements.push(d);
      }
    }
  }
  return result;
}

const VECTOR_CBOR_LIMITS = { ...DEFAULT_CBOR_LIMITS, allowIndefinite: true };

/**
 * Answers each flag for one vector file, following the step table of the format's README.
 * A step's input field may be absent ("If some of the EXPECTEDRESULT values are not present,
 * the steps can be skipped. The related data can be removed then as well"); it is then
 * derived from the fields before it in the chain (PREFIX → BASE45 → COMPRESSED → COSE), and a
 * missing picture is drawn from PREFIX by Corridor's own QR encoder.
 */
class VectorChecker {
  private readonly v: VectorFile;

  constructor(
    vector: VectorFile,
    private readonly crypto: ReturnType<typeof nodeCryptoProvider>,
  ) {
    this.v = deriveMissing(vector);
  }

  async check(flag: DgcFlag): Promise<StepAnswer> {
    try {
      return await this.answer(flag);
    } catch (error) {
      return { got: false, code: `ERROR: ${(error as Error).message}` };
    }
  }

  private async answer(flag: DgcFlag): Promise<StepAnswer> {
    const v = this.v;
    switch (flag) {
      case 'EXPECTEDPICTUREDECODE': {
        if (!v['2DCODE'] && !v.PREFIX) return { got: false, code: 'NO_2DCODE' };
        const picture = v['2DCODE'] ? fromBase64(v['2DCODE']) : qrPng(v.PREFIX!);
        const reader = await loadQrReader();
        const read = await readQrText(reader, picture);
        if (!read.ok) return { got: false, code: read.code };
        return {
          got: read.value === v.PREFIX,
          code: read.value === v.PREFIX ? undefined : 'QR_TEXT_DIFFERS',
        } as StepAnswer;
      }
      case 'EXPECTEDUNPREFIX': {
        if (v.PREFIX === undefined) return { got: false, code: 'NO_PREFIX' };
        const r = unprefix(v.PREFIX);
        if (!r.ok) return { got: false, code: r.code };
        return { got: v.BASE45 === undefined || r.value === v.BASE45 };
      }
      case 'EXPECTEDB45DECODE': {
        const text = v.BASE45 ?? stripPrefix(v.PREFIX);
        if (text === undefined) return { got: false, code: 'NO_BASE45' };
        const r = decodeBase45(text);
        if (!r.ok) return { got: false, code: r.code };
        return { got: v.COMPRESSED === undefined || toHex(r.value) === v.COMPRESSED.toLowerCase() };
      }
      case 'EXPECTEDCOMPRESSION': {
        if (v.COMPRESSED === undefined) return { got: false, code: 'NO_COMPRESSED' };
        const r = inflateCapped(fromHex(v.COMPRESSED));
        if (!r.ok) return { got: false, code: r.code };
        return { got: v.COSE === undefined || bytesEqual(r.value, fromHex(v.COSE)) };
      }
      case 'EXPECTEDDECODE':
        return this.decode();
      case 'EXPECTEDVERIFY':
      case 'EXPECTEDEXPIRATIONCHECK':
      case 'EXPECTEDKEYUSAGE': {
        if (!v.COSE) return { got: false, code: 'NO_COSE' };
        const trustCert = v.TESTCTX?.CERTIFICATE;
        if (!trustCert) return { got: false, code: 'NO_CERTIFICATE' };
        const trust = await DscTrustList.create([trustCert], { crypto: this.crypto });
        const at = new Date(v.TESTCTX?.VALIDATIONCLOCK ?? Number.NaN);
        const report = await verifyCose(fromHex(v.COSE), { trust, at, crypto: this.crypto });
        const step =
          flag === 'EXPECTEDVERIFY'
            ? 'signature'
            : flag === 'EXPECTEDKEYUSAGE'
              ? 'key-usage'
              : 'validity';
        const passed =
          report.steps[step] === 'passed' &&
          (flag !== 'EXPECTEDKEYUSAGE' || report.steps.signature === 'passed');
        const layer =
          step === 'signature'
            ? ['cbor', 'cose', 'cwt', 'trust', 'signature']
            : step === 'key-usage'
              ? ['key-usage', 'signature', 'trust']
              : ['validity'];
        const code =
          report.findings.find((f) => layer.includes(f.layer))?.code ?? report.findings[0]?.code;
        return passed ? { got: true } : { got: false, ...(code ? { code } : {}) };
      }
      case 'EXPECTEDSCHEMAVALIDATION': {
        const payload = v.JSON ?? this.decodedPayload();
        const issues = validateDcc(payload);
        return issues.length === 0
          ? { got: true }
          : { got: false, code: `DCC_SCHEMA_INVALID ${issues[0]!.path}` };
      }
      case 'EXPECTEDVALIDJSON': {
        if (!v.PREFIX) return { got: false, code: 'NO_PREFIX' };
        const report = await verify(v.PREFIX, {
          trust: { lookup: () => [] },
          at: new Date(0),
        });
        const dcc = report.credential?.dcc;
        if (dcc === undefined)
          return { got: false, code: report.findings[0]?.code ?? 'NO_PAYLOAD' };
        return { got: v.JSON === undefined || sameJson(dcc, v.JSON), code: 'JSON_DIFFERS' };
      }
    }
  }

  private decode(): StepAnswer {
    const v = this.v;
    let fromCose: unknown;
    if (v.COSE) {
      const cose = decodeCbor(fromHex(v.COSE));
      if (!cose.ok) return { got: false, code: cose.code };
      const sign1 = readCoseSign1(cose.value);
      if (!sign1.ok) return { got: false, code: sign1.code };
      const claims = readHcertClaims(sign1.value.payload);
      if (!claims.ok) return { got: false, code: claims.code };
      fromCose = claims.value.dcc;
    }
    if (v.CBOR) {
      const decoded = decodeCbor(fromHex(v.CBOR), VECTOR_CBOR_LIMITS);
      if (!decoded.ok) return { got: false, code: decoded.code };
      // Some countries put the whole CWT claims map in CBOR, others only the DCC payload.
      const reference = claimsPayload(decoded.value) ?? decoded;
      if (fromCose !== undefined && !sameJson(fromCose, reference.value))
        return { got: false, code: 'CBOR_DIFFERS' };
      if (v.JSON !== undefined && !sameJson(reference.value, v.JSON))
        return { got: false, code: 'JSON_DIFFERS' };
    }
    return { got: fromCose !== undefined || v.CBOR !== undefined };
  }

  private decodedPayload(): unknown {
    if (!this.v.COSE) return undefined;
    const cose = decodeCbor(fromHex(this.v.COSE));
    if (!cose.ok) return undefined;
    const sign1 = readCoseSign1(cose.value);
    if (!sign1.ok) return undefined;
    const claims = readHcertClaims(sign1.value.payload);
    return claims.ok ? claims.value.dcc : undefined;
  }
}

/** The `eu_dcc_v1` payload when `value` is a CWT claims map, else `undefined`. */
function claimsPayload(value: unknown): { value: unknown } | undefined {
  if (!(value instanceof Map) || !value.has(-260)) return undefined;
  const hcert = value.get(-260);
  return hcert instanceof Map ? { value: hcert.get(1) } : undefined;
}

/** Fills absent chain fields from the ones before them; a failing step leaves them absent. */
function deriveMissing(vector: VectorFile): VectorFile {
  const v = { ...vector };
  if (v.BASE45 === undefined && v.PREFIX !== undefined) v.BASE45 = stripPrefix(v.PREFIX);
  if (v.COMPRESSED === undefined && v.BASE45 !== undefined) {
    const r = decodeBase45(v.BASE45);
    if (r.ok) v.COMPRESSED = toHex(r.value);
  }
  if (v.COSE === undefined && v.COMPRESSED !== undefined) {
    const r = inflateCapped(fromHex(v.COMPRESSED));
    if (r.ok) v.COSE = toHex(r.value);
  }
  return v;
}

function stripPrefix(prefixed: string | undefined): string | undefined {
  if (prefixed === undefined) return undefined;
  const r = unprefix(prefixed);
  return r.ok ? r.value : undefined;
}

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/**
 * Deep equality of JSON-like values, ignoring object key order (the format's NOTE 3). Two
 * RFC 3339 date-times are equal when they name the same instant: `2021-06-30T12:34:56Z` and
 * `2021-06-30T12:34:56+00:00` are one value written two ways (dgc-testdata PT/1.3.0/4).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') {
    return DATE_TIME.test(a) && DATE_TIME.test(b) && Date.parse(a) === Date.parse(b);
  }
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b as object, k) &&
      sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
