import { type CryptoProvider, defaultCrypto } from '../crypto/provider.js';
import { isoInstant } from '../lib/iso-time.js';
import { parsePassportMrz } from '../mrz/parse.js';
import { passportMatchesBinding } from '../pass/binding.js';
import type { EntryPass } from '../pass/claims.js';
import { verifyEntryPass } from '../pass/verify.js';
import {
  evaluatePolicy,
  type PolicyDecision,
  type PreparedPolicy,
  preparePolicy,
} from '../policy/evaluate.js';
import type { Policy } from '../policy/types.js';
import { type FindingCode, makeFinding } from '../report/catalog.js';
import type { Finding, FindingParams, Lang } from '../report/finding.js';
import type { Holder, Report } from '../report/report.js';
import { applyRules, type RuleValueSets } from '../rules/apply.js';
import type { BusinessRule } from '../rules/types.js';
import type { TrustSource } from '../trust/trust-list.js';
import { verify } from '../verify.js';
import { grandfathered } from './breaker/grandfathered.js';
import { laneBreakerState, NO_SIGNALS } from './breaker/lane-state.js';
import type { Blocked } from './breaker/spec.js';
import type { BreakerPhase } from './breaker/state.js';
import { compareNames, sameBirthDate } from './holder.js';
import { laneAt } from './lane-at.js';
import type { ArrivalProtocol, Lane, LaneDirection } from './types.js';

/** Where the decision is taken: at the departure gate (airline) or at the arrival border. */
export type Checkpoint = 'boarding' | 'arrival';

/** Everything an airline agent or a border health officer has for one traveller. */
export interface CheckpointInput {
  /** The entry pass, as its QR text (`CP1:`). */
  pass: string;
  /** The health credentials presented, as QR texts in any format `verify()` reads. */
  credentials: readonly string[];
  /** The passport's machine-readable zone (TD3, two lines). Without it the case is referred. */
  mrz?: string;
  /** Keys, revocations and the countersigned lane versions (a trust bundle). */
  trust: TrustSource;
  checkpoint: Checkpoint;
  /** The scheduled departure of the flight: health windows are counted from it. */
  scheduledDeparture: Date;
  /** The instant of the check. Core never reads the clock. */
  at: Date;
  /**
   * The journey being checked: the flight's countries, and at arrival the port of entry. When
   * given, a pass for another direction or (at arrival) another port is refused.
   */
  journey?: { origin: string; destination: string; port?: string };
  /**
   * The destination's CertLogic business rules (and value sets), applied to every health
   * certificate with the scheduled departure as validation clock when the lane asks for them.
   */
  rules?: readonly BusinessRule[];
  valueSets?: RuleValueSets;
  lang?: Lang;
  crypto?: CryptoProvider;
}

/** The answer: one decision, every reason for it in the requested language, and the evidence. */
export interface CheckpointDecision {
  /** `refer`: a person must look (passport unreadable, unknown format, a transliteration). */
  decision: 'admit' | 'refuse' | 'refer';
  checkpoint: Checkpoint;
  /** Every reason: errors (refuse), warnings (refer), or one `LANE_ADMIT`. */
  reasons: Finding[];
  pass: Report;
  credentials: Report[];
  /** The lane's health policy over the pass and the credentials, ages counted to the departure. */
  policy?: PolicyDecision;
  /** The lane version that was applied. */
  lane?: { id: string; version: number };
  /** At arrival: the protocol to apply (test, hold, monitoring). */
  arrivalProtocol?: ArrivalProtocol;
  /** The lane's circuit breakers at `at`, when the lane version names any. */
  breakers?: { phase: BreakerPhase; blocked: readonly Blocked[] };
}

/** Most health credentials checked for one traveller (a real case presents one to three). */
export const MAX_CHECKPOINT_CREDENTIALS = 16;

/** Warnings that send a case to a person instead of deciding it. */
const REFER_CODES = new Set<string>([
  'LANE_MRZ_REQUIRED',
  'LANE_CREDENTIAL_UNRECOGNISED',
  'LANE_HOLDER_NAME_UNCERTAIN',
]);

const CHECKPOINT_NAMES: Record<Checkpoint, Record<Lang, string>> = {
  boarding: { en: 'boarding', zh: '登机', ko: '탑승' },
  arrival: { en: 'arrival', zh: '入境', ko: '입국' },
};

const DOCUMENT_NAMES: Record<'pass' | 'credential', Record<Lang, string>> = {
  pass: { en: 'entry pass', zh: '入境许可', ko: '입국 허가증' },
  credential: { en: 'health certificate #{i}', zh: '第 {i} 份健康证明', ko: '{i}번째 건강 증명서' },
};

/**
 * Decides one traveller at a checkpoint of a fast-track lane, offline: verifies the entry pass
 * and every health credential, reads the passport MRZ and checks the pass's passport binding
 * and the names and birth dates on every document against it, takes the lane version in force
 * at `at` from the trust data, checks direction, category, region, port (and at arrival the
 * actual port) and that the flight leaves before the entry window ends, then evaluates the lane's
 * health policy with ages counted to the scheduled departure (plus the destination's rules
 * when the lane asks for them). Every failed check is an error reason (`refuse`); cases only
 * a person can settle are warnings (`refer`); otherwise `admit`. Decision table:
 * `docs/lanes.md`. Pure; never throws on bad input.
 *
 * @example
 * const d = await decideCheckpoint({ pass, credentials: [hc1], mrz, trust: bundle,
 *   checkpoint: 'boarding', scheduledDeparture, at: new Date(), lang: 'ko' });
 * d.decision // 'admit'
 */
export async function decideCheckpoint(input: CheckpointInput): Promise<CheckpointDecision> {
  const { trust, at, checkpoint, scheduledDeparture } = input;
  if (!(at instanceof Date) || Number.isNaN(at.getTime()))
    throw new TypeError('decideCheckpoint needs a valid Date as at');
  if (!(scheduledDeparture instanceof Date) || Number.isNaN(scheduledDeparture.getTime()))
    throw new TypeError('decideCheckpoint needs a valid Date as scheduledDeparture');
  const lang = input.lang ?? 'en';
  const crypto = input.crypto ?? defaultCrypto();
  const reasons: Finding[] = [];
  const add = (code: FindingCode, params?: FindingParams) =>
    reasons.push(makeFinding(code, lang, params));

  const passReport = await verifyEntryPass(input.pass, { trust, at, lang, crypto });
  reasons.push(...passReport.findings);
  const pass =
    passReport.credential?.format === 'entry-pass' ? passReport.credential.pass : undefined;
  const out: CheckpointDecision = {
    decision: 'refuse',
    checkpoint,
    reasons,
    pass: passReport,
    credentials: [],
  };

  // The lane version in force, and the pass's direction in it.
  let lane: Lane | undefined;
  let direction: LaneDirection | undefined;
  if (pass) {
    const versions = trust.lanes?.().filter((l) => l.id === pass.lane.id) ?? [];
    lane = versions.length > 0 ? laneAt(versions, at) : undefined;
    if (!lane) add('LANE_NOT_IN_FORCE', { lane: pass.lane.id, at: at.toISOString() });
    else {
      out.lane = { id: lane.id, version: lane.version };
      direction = checkLane(pass, lane, input, add);
      if (direction && checkpoint === 'arrival') out.arrivalProtocol = direction.arrival;
      const issuedAt = passReport.credential?.issuedAt;
      if (issuedAt) checkBreakers(versions, issuedAt, input, out, add);
    }
  }

  // A flight that leaves after the entry window cannot arrive within it.
  const windowEnd = passReport.credential?.expiresAt;
  if (pass && windowEnd && scheduledDeparture.getTime() >= Date.parse(windowEnd))
    add('LANE_DEPARTURE_AFTER_WINDOW', {
      departure: scheduledDeparture.toISOString(),
      to: windowEnd,
    });

  // Health credentials, with the destination's rules applied as at the departure.
  const verifier = pass?.destination ?? input.journey?.destination;
  let presented = input.credentials;
  if (presented.length > MAX_CHECKPOINT_CREDENTIALS) {
    add('LANE_CREDENTIALS_TOO_MANY', {
      count: presented.length,
      limit: MAX_CHECKPOINT_CREDENTIALS,
    });
    presented = [];
  }
  out.credentials = await Promise.all(
    presented.map(async (code, i) => {
      const report = await verify(code, {
        trust,
        at,
        lang,
        crypto,
        ...(verifier ? { verifier } : {}),
      });
      if (
        report.findings.some(
          (f) => f.code === 'HC1_PREFIX_UNSUPPORTED' || f.code === 'HC1_PREFIX_MISSING',
        )
      )
        add('LANE_CREDENTIAL_UNRECOGNISED', { index: i + 1, code: report.findings[0]!.code });
      if (direction?.health.destinationRules && input.rules && pass)
        applyDestinationRules(report, pass, input, lang);
      return report;
    }),
  );

  // The passport: binding, expiry, and the same person on every document.
  await checkPassport(input, pass, out.credentials, add, crypto);

  if (direction) {
    out.policy = evaluatePolicy(lanePolicy(direction), [passReport, ...out.credentials], {
      at,
      lang,
      ageReference: scheduledDeparture,
    });
    reasons.push(...out.policy.findings.filter((f) => f.code !== 'POLICY_SATISFIED'));
  }

  if (reasons.some((f) => f.severity === 'error')) out.decision = 'refuse';
  else if (reasons.some((f) => REFER_CODES.has(f.code))) out.decision = 'refer';
  else {
    out.decision = 'admit';
    add('LANE_ADMIT', {
      checkpoint: CHECKPOINT_NAMES[checkpoint][lang],
      lane: lane!.id,
      version: lane!.version,
      category: pass!.category,
    });
  }
  return out;
}

/** Each lane direction's health policy, checked once (a loaded lane version never changes). */
const lanePolicies = new WeakMap<LaneDirection, Policy | PreparedPolicy>();

/**
 * The direction's health policy as the decision applies it: the same holder is checked
 * against the passport (`checkPassport`), not between the documents, so `sameHolder` is off.
 * Prepared once per direction object; a malformed policy is passed on as is, for its finding.
 */
function lanePolicy(direction: LaneDirection): Policy | PreparedPolicy {
  let policy = lanePolicies.get(direction);
  if (!policy) {
    const document: Policy = { ...direction.health.policy, sameHolder: false };
    const prepared = preparePolicy(document);
    policy = prepared.ok ? prepared.value : document;
    lanePolicies.set(direction, policy);
  }
  return policy;
}

/**
 * The lane's circuit breakers at `at`, from the lane versions, indicators and overrides the
 * trust data carries, and the grandfathering of this pass (`docs/breakers.md` §6): a pass
 * issued after the announcement of a suspension in force is refused with a coded reason.
 * `issuedAt` is the pass report's ISO instant, read only for a lane that names breakers.
 */
function checkBreakers(
  versions: readonly Lane[],
  issuedAt: string,
  input: CheckpointInput,
  out: CheckpointDecision,
  add: (code: FindingCode, params?: FindingParams) => void,
): void {
  const evaluated = laneBreakerState(versions, input.trust.laneSignals?.() ?? NO_SIGNALS, input.at);
  if (!evaluated) return;
  out.breakers = { phase: evaluated.state.phase, blocked: evaluated.state.blocked };
  const decision = grandfathered({
    state: evaluated.state,
    pass: { issuedAt: new Date(issuedAt), scheduledDeparture: input.scheduledDeparture },
    at: input.at,
  });
  for (const r of decision.reasons)
    if (r.code !== 'GRANDFATHER_NOT_AFFECTED') add(r.code, r.params);
}

/** Direction, journey, category, region, port and departure against the lane version in force. */
function checkLane(
  pass: EntryPass,
  lane: Lane,
  input: CheckpointInput,
  add: (code: FindingCode, params?: FindingParams) => void,
): LaneDirection | undefined {
  const { origin, destination } = pass;
  const of = { lane: lane.id, version: lane.version };
  const journey = input.journey;
  if (journey && (journey.origin !== origin || journey.destination !== destination)) {
    add('LANE_WRONG_DIRECTION', {
      passOrigin: origin,
      passDestination: destination,
      origin: journey.origin,
      destination: journey.destination,
    });
  }
  const direction = lane.directions.find(
    (d) => d.origin === origin && d.destination === destination,
  );
  if (!direction) {
    add('LANE_DIRECTION_NOT_COVERED', { ...of, origin, destination });
    return undefined;
  }
  if (!direction.categories.some((c) => c.code === pass.category))
    add('LANE_CATEGORY_NOT_ALLOWED', { ...of, category: pass.category });
  if (direction.regions.length > 0 && !direction.regions.includes(pass.region))
    add('LANE_REGION_NOT_ALLOWED', { ...of, region: pass.region });
  if (!direction.ports.includes(pass.port))
    add('LANE_PORT_NOT_ALLOWED', { ...of, port: pass.port });
  if (input.checkpoint === 'arrival' && journey?.port && journey.port !== pass.port)
    add('LANE_PORT_MISMATCH', { port: journey.port, passPort: pass.port });
  return direction;
}

/** The passport MRZ against the pass binding, and the holder of every document against both. */
async function checkPassport(
  input: CheckpointInput,
  pass: EntryPass | undefined,
  credentials: readonly Report[],
  add: (code: FindingCode, params?: FindingParams) => void,
  crypto: CryptoProvider,
): Promise<void> {
  const lang = input.lang ?? 'en';
  const mrz = parsePassportMrz(input.mrz ?? '', { at: input.at });
  if (!mrz.ok) {
    add('LANE_MRZ_REQUIRED', { code: mrz.code });
  } else {
    const m = mrz.value;
    const expiry = m.expiryDate.iso;
    if (expiry && expiry < isoInstant(input.at).slice(0, 10))
      add('MRZ_DOCUMENT_EXPIRED', { expiry });
    if (pass) {
      if (!(await passportMatchesBinding(pass.binding, m, crypto))) add('PASS_BINDING_MISMATCH');
      compareHolder(
        DOCUMENT_NAMES.pass[lang],
        {
          primary: pass.holder.primaryIdentifier,
          secondary: pass.holder.secondaryIdentifier,
          dob: pass.holder.dateOfBirth,
        },
        { primary: m.primaryIdentifier, secondary: m.secondaryIdentifier, dob: m.birthDate.iso },
        add,
      );
    }
  }
  // Health certificates name the pass holder (the pass is bound to the passport).
  if (!pass) return;
  const expected = {
    primary: pass.holder.primaryIdentifier,
    secondary: pass.holder.secondaryIdentifier,
    dob: pass.holder.dateOfBirth,
  };
  credentials.forEach((report, i) => {
    const holder: Holder | undefined = report.credential?.holder;
    if (!holder) return;
    compareHolder(
      DOCUMENT_NAMES.credential[lang].replace('{i}', String(i + 1)),
      {
        primary: holder.familyNameTransliterated,
        secondary: holder.givenNameTransliterated,
        dob: holder.dateOfBirth,
      },
      expected,
      add,
    );
  });
}

interface Names {
  primary: string | undefined;
  secondary: string | undefined;
  dob: string | undefined;
}

/** Adds a mismatch (refuse) or an uncertain transliteration (refer) of `shown` against `expected`. */
function compareHolder(
  document: string,
  shown: Names,
  expected: Names,
  add: (code: FindingCode, params?: FindingParams) => void,
): void {
  if (shown.dob && expected.dob && !sameBirthDate(shown.dob, expected.dob)) {
    add('LANE_HOLDER_MISMATCH', {
      document,
      field: 'date of birth',
      value: shown.dob,
      expected: expected.dob,
    });
    return;
  }
  const whole = (n: Names) => `${n.primary ?? ''}<<${n.secondary ?? ''}`;
  if (shown.primary === undefined || expected.primary === undefined) return;
  const primary = compareNames(shown.primary, expected.primary);
  const secondary =
    shown.secondary === undefined
      ? 'same'
      : compareNames(shown.secondary, expected.secondary ?? '');
  if (primary === 'same' && secondary === 'same') return;
  const params = { document, field: 'name', value: whole(shown), expected: whole(expected) };
  if (primary === 'different' || secondary === 'different') add('LANE_HOLDER_MISMATCH', params);
  else add('LANE_HOLDER_NAME_UNCERTAIN', params);
}

/**
 * The destination's rules on one health credential's normalised payload (HC1, or another
 * format read into the same EU-shaped view), with the scheduled departure as the clock.
 */
function applyDestinationRules(
  report: Report,
  pass: EntryPass,
  input: CheckpointInput,
  lang: Lang,
): void {
  const credential = report.credential;
  if (!credential || credential.format === 'entry-pass' || credential.dcc === undefined) return;
  const applied = applyRules(credential as Parameters<typeof applyRules>[0], {
    destination: { country: pass.destination, region: pass.region.slice(3) },
    rules: input.rules ?? [],
    ...(input.valueSets ? { valueSets: input.valueSets } : {}),
    at: input.scheduledDeparture,
    lang,
  });
  report.steps.rules = applied.step;
  report.rules = applied.results;
  report.findings.push(...applied.findings);
  const valid = !report.findings.some((f) => f.severity === 'error');
  report.status = valid && report.steps.signature === 'passed' ? 'valid' : 'invalid';
}
