import os from 'node:os';
import { decodeBase45 } from '@corridor/core/base45';
import { decodeCbor } from '@corridor/core/cbor';
import { readCoseSign1, sigStructure } from '@corridor/core/cose';
import { defaultCrypto } from '@corridor/core/crypto';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { issueHcert } from '@corridor/core/issue';
import type { Lane } from '@corridor/core/lanes';
import {
  type CheckpointInput,
  CN_KR_LANE_V1,
  decideCheckpoint,
  validateLane,
} from '@corridor/core/lanes';
import { mrzCheckDigit } from '@corridor/core/mrz';
import { issueEntryPass, verifyEntryPass } from '@corridor/core/pass';
import { KR_RULES } from '@corridor/core/rules';
import type { TrustedKey, TrustSource } from '@corridor/core/trust';
import { verify } from '@corridor/core/verify';
import type { DscCertificate } from '@corridor/core/x509';
import { inflateCapped } from '@corridor/core/zlib';
import { alternate, alternateCpu } from './formats.js';
import { median } from './stats.js';
import { round3 } from './verify.js';

/** What `corridor bench lane --json` prints; rates are travellers (or signature pairs) per second. */
export interface LaneBench {
  /** `decideCheckpoint` at boarding: pass, one HC1 test, MRZ, lane policy and 20-odd rules. */
  decision_per_s: number;
  /** The two signatures alone (pass and test), bare node:crypto with pre-imported keys. */
  two_signatures_per_s: number;
  /** Time of a decision over the time of its two signature checks (target ≤ 1.5). */
  time_ratio: number;
  /** The lowest and highest time ratio of one round (how much the machine moved). */
  round_time_ratios: { min: number; max: number };
  /**
   * Where the time goes, measured in the same rounds: the entry pass's verification alone and
   * the HC1 test's alone (`verify()` with the destination's rules), per second.
   */
  parts: { pass_verify_per_s: number; credential_verify_per_s: number };
  /**
   * The same comparison in CPU time of this process (`process.cpuUsage`: user + system, all its
   * threads, so garbage collection counts), microseconds per call, medians of alternating
   * rounds. Steadier than wall time on a machine other jobs share.
   */
  cpu: { decision_us: number; two_signatures_us: number; ratio: number };
  /** Business rules the decision applied (the destination's rules, as the lane asks). */
  rules: number;
  /** `os.loadavg()` (1, 5, 15 minutes) at the start and at the end of the run. */
  load: { start: number[]; end: number[] };
  target: number;
}

/** Scheduled departure of the benchmark traveller's flight, and the boarding check an hour before. */
const DEPARTURE = new Date('2021-03-10T01:00:00Z');
const BOARDING = new Date('2021-03-10T00:00:00Z');

/**
 * Measures a whole boarding decision of a fast-track lane, offline, against verifying its two
 * signatures alone, in alternating rounds (medians compared). The case is made fresh in the
 * run: a KR entry-pass signer and a CN test issuer (P-256), the CN→KR example lane with the
 * destination's rules switched on, a pass, a PCR test sampled 30 hours before departure and a
 * passport MRZ; the decision must admit, or the benchmark throws rather than time a refusal.
 */
export async function benchLane(options: { seconds?: number } = {}): Promise<LaneBench> {
  const loadStart = os.loadavg();
  const { input, bare, passOnly, testOnly, rules } = await laneCase();
  const decide = async () => {
    if ((await decideCheckpoint(input)).decision !== 'admit') throw new Error('decision changed');
  };
  const [bareRates, decideRates, passRates, testRates] = (await alternate(
    [bare, decide, passOnly, testOnly],
    1,
    options.seconds ?? 3,
  )) as [number[], number[], number[], number[]];
  const ratios = bareRates.map((b, i) => b / decideRates[i]!);
  // Rounds of about 50 ms of decisions each, whatever the machine's speed.
  const calls = Math.max(10, Math.round(median(decideRates) * 0.05));
  const [bareCpu, decideCpu] = (await alternateCpu([bare, decide], calls, 15)).map(median) as [
    number,
    number,
  ];
  return {
    decision_per_s: Math.round(median(decideRates)),
    two_signatures_per_s: Math.round(median(bareRates)),
    time_ratio: round3(median(bareRates) / median(decideRates)),
    round_time_ratios: { min: round3(Math.min(...ratios)), max: round3(Math.max(...ratios)) },
    parts: {
      pass_verify_per_s: Math.round(median(passRates)),
      credential_verify_per_s: Math.round(median(testRates)),
    },
    cpu: {
      decision_us: round3(decideCpu),
      two_signatures_us: round3(bareCpu),
      ratio: round3(decideCpu / bareCpu),
    },
    rules,
    load: { start: loadStart.map(round2), end: os.loadavg().map(round2) },
    target: 1.5,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * The benchmark's case, made fresh: the decision's input (which must admit, or this throws),
 * the two signature checks alone, and the pass's and the test's verification alone. Exported
 * so a CPU profile can run one kind by itself.
 */
export async function laneCase() {
  const crypto = nodeCryptoProvider();
  const kr = await makeSigner('KR', ['entry-pass'], crypto);
  const cn = await makeSigner('CN', undefined, crypto);
  const lane = laneWithRules();
  // Found by comparing the kid's bytes, nothing allocated per lookup, as the trust list and
  // the bundle do (`KidIndex`): the decision is timed, not a benchmark's own stand-in.
  const krKeys = [kr.trusted];
  const cnKeys = [cn.trusted];
  const lanes = [lane];
  const trust: TrustSource = {
    lookup: (kid) =>
      sameBytes(kid, kr.trusted.kid) ? krKeys : sameBytes(kid, cn.trusted.kid) ? cnKeys : [],
    lanes: () => lanes,
  };
  const passport = { documentNumber: 'EB7654321', nationality: 'CHN', birthDate: '1979-11-03' };
  const pass = await issueEntryPass(
    {
      id: 'KR-BENCH-000001',
      lane: { id: lane.id, version: lane.version },
      origin: 'CN',
      destination: 'KR',
      category: 'BUSINESS',
      port: 'ICN',
      region: 'KR-11',
      exemptionDays: 14,
      sponsor: { id: 'SP-BENCH', name: 'Benchmark Components Ltd.' },
      authority: { id: 'KR-BENCH-AUTHORITY', name: 'Benchmark consular office' },
      holder: { primaryIdentifier: 'CHEN', secondaryIdentifier: 'JING', dateOfBirth: '1979-11-03' },
      passport,
    },
    {
      signer: kr.signer,
      at: new Date('2021-03-05T00:00:00Z'),
      validFrom: new Date('2021-03-08T00:00:00Z'),
      validUntil: new Date('2021-03-15T00:00:00Z'),
    },
  );
  const sampled = new Date(DEPARTURE.getTime() - 30 * 3_600_000);
  const test = await issueHcert(
    {
      ver: '1.3.0',
      nam: { fn: 'Chen', gn: 'Jing', fnt: 'CHEN', gnt: 'JING' },
      dob: '1979-11-03',
      t: [
        {
          tg: '840539006',
          tt: 'LP6464-4',
          nm: 'PCR',
          sc: sampled.toISOString(),
          tr: '260415000',
          tc: 'Benchmark Laboratory',
          co: 'CN',
          is: 'Benchmark Health Commission',
          ci: 'URN:UVCI:01:CN:BENCH0001#X',
        },
      ],
    },
    { signer: cn.signer, at: sampled, expiresAt: new Date(sampled.getTime() + 30 * 86_400_000) },
  );
  const input: CheckpointInput = {
    pass,
    credentials: [test],
    mrz: td3Mrz('CHN', 'CHEN', 'JING', passport.documentNumber, '791103', '310101'),
    trust,
    checkpoint: 'boarding',
    scheduledDeparture: DEPARTURE,
    at: BOARDING,
    journey: { origin: 'CN', destination: 'KR' },
    rules: KR_RULES,
    crypto,
  };
  const first = await decideCheckpoint(input);
  if (first.decision !== 'admit')
    throw new Error(`benchmark case not admitted: ${first.reasons.map((r) => r.code).join(', ')}`);
  const applied = first.credentials[0]?.rules?.length ?? 0;
  const signed = [
    signedParts(pass, 'CP1:', kr.trusted.key),
    signedParts(test, 'HC1:', cn.trusted.key),
  ];
  const bare = async () => {
    for (const s of signed) {
      if (!(await crypto.verify('ES256', s.key, s.data, s.signature)))
        throw new Error('bare verification failed');
    }
  };
  const context = { trust, at: BOARDING, crypto };
  const passOnly = async () => {
    if ((await verifyEntryPass(pass, context)).status !== 'valid') throw new Error('pass invalid');
  };
  const testOnly = async () => {
    const report = await verify(test, {
      ...context,
      rules: KR_RULES,
      destination: { country: 'KR' },
    });
    if (report.status !== 'valid') throw new Error('test invalid');
  };
  return { input, bare, passOnly, testOnly, rules: applied };
}

/** The CN-KR example lane with the destination's business rules switched on for CN→KR. */
function laneWithRules(): Lane {
  const lane = structuredClone(CN_KR_LANE_V1);
  for (const d of lane.directions) if (d.destination === 'KR') d.health.destinationRules = true;
  const checked = validateLane(lane);
  if (!checked.ok) throw new Error(`example lane invalid: ${checked.code}`);
  return checked.value;
}

/** A P-256 signer and the trusted key a verifier holds for it (no X.509: a described DSC). */
async function makeSigner(
  country: string,
  corridorUsage: DscCertificate['corridorUsage'],
  crypto: ReturnType<typeof nodeCryptoProvider>,
) {
  const pair = (await globalThis.crypto.subtle.generateKey(
    { name: 'ECDSA', namedCurve: 'P-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const spki = new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', pair.publicKey));
  const kid = (await defaultCrypto().sha256(spki)).subarray(0, 8);
  const dsc: DscCertificate = {
    der: new Uint8Array(),
    subject: `C=${country}, CN=Benchmark signer ${country}`,
    issuer: `C=${country}, CN=Benchmark CSCA ${country}`,
    country,
    ca: false,
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2030-01-01T00:00:00Z'),
    spki,
    keyAlg: 'ES256',
    curve: 'P-256',
    extendedKeyUsage: [],
    ...(corridorUsage ? { corridorUsage, keyUsage: [] } : {}),
  };
  const key = await crypto.importPublicKey(spki, 'ES256', 'P-256');
  const trusted: TrustedKey = { kid, alg: 'ES256', key, dsc };
  return { signer: { alg: 'ES256' as const, privateKey: pair.privateKey, kid, country }, trusted };
}

/** The signed bytes and signature of a `CP1:`/`HC1:` code (Base45, zlib, COSE_Sign1). */
function signedParts(code: string, prefix: string, key: unknown) {
  const z = decodeBase45(code, undefined, prefix.length);
  const c = z.ok ? inflateCapped(z.value) : undefined;
  const v = c?.ok ? decodeCbor(c.value) : undefined;
  const s = v?.ok ? readCoseSign1(v.value) : undefined;
  if (!s?.ok) throw new Error(`${prefix} code not readable`);
  return {
    key,
    data: sigStructure(s.value.protectedBytes, s.value.payload),
    signature: s.value.signature,
  };
}

/** A TD3 passport MRZ with its check digits (ICAO 9303 part 4). */
function td3Mrz(
  nationality: string,
  surname: string,
  given: string,
  number: string,
  birth: string,
  expiry: string,
): string {
  const line1 = `P<${nationality}${surname}<<${given}`.padEnd(44, '<');
  const doc = `${number.padEnd(9, '<')}${mrzCheckDigit(number.padEnd(9, '<'))}`;
  const dob = `${birth}${mrzCheckDigit(birth)}`;
  const exp = `${expiry}${mrzCheckDigit(expiry)}`;
  const optional = `${'<'.repeat(14)}${mrzCheckDigit('<'.repeat(14))}`;
  const composite = mrzCheckDigit(`${doc}${dob}${exp}${optional}`);
  return `${line1}\n${doc}${nationality}${dob}M${exp}${optional}${composite}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
