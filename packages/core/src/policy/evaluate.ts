import { ok, type Result } from '../lib/result.js';
import { makeFinding } from '../report/catalog.js';
import type { Finding, Lang } from '../report/finding.js';
import type { Holder, Report } from '../report/report.js';
import { describeRequirement, kindName, policyText } from './messages.js';
import { parsePolicy } from './parse.js';
import type { CredentialKind, Policy, PolicyNode, Requirement } from './types.js';

/** Options of {@link evaluatePolicy}. */
export interface PolicyOptions {
  /** The decision instant (ages are measured to it). Core never reads the clock. */
  at: Date;
  /** Language of explanations and findings (default English). */
  lang?: Lang;
  /**
   * The instant age windows are counted to, when it is not `at`: a lane counts them from the
   * scheduled departure, so a test checked at arrival is judged as it was at boarding. A
   * credential dated after it never meets an age condition.
   */
  ageReference?: Date;
}

/** How one node of the policy came out, in the requested language. */
export interface PolicyExplanation {
  kind: 'allOf' | 'anyOf' | 'requirement';
  satisfied: boolean;
  /** What the node asks for: its own `description` in the language, else generated text. */
  text: string;
  /** Requirements: indices (0-based, into `reports`) of the credentials that meet it. */
  satisfiedBy?: number[];
  /**
   * Unsatisfied requirements: why no credential met it, one line per presented credential of
   * the right kind (numbered from 1 as the traveller presented them), or "… was not presented".
   */
  reasons?: string[];
  children?: PolicyExplanation[];
}

/** The decision over everything a traveller presented. */
export interface PolicyDecision {
  satisfied: boolean;
  /** The policy's `id`, or `-`. */
  policy: string;
  explanation: PolicyExplanation;
  /**
   * `POLICY_SATISFIED` (info) or `POLICY_NOT_SATISFIED` with a `POLICY_REQUIREMENT_MISSING`
   * per missing requirement; `POLICY_CREDENTIAL_INVALID` warnings for invalid credentials;
   * `POLICY_HOLDER_MISMATCH`; `POLICY_INVALID` for a malformed policy.
   */
  findings: Finding[];
  /** Indices (0-based) of the credentials the decision rests on. */
  used: number[];
}

/** The kind of credential a report is about, if it is about one. */
export function credentialKind(report: Report): CredentialKind | undefined {
  const c = report.credential;
  if (!c) return undefined;
  if (c.format === 'entry-pass') return 'entry-pass';
  return c.type;
}

function firstEntry(report: Report, key: 'v' | 't' | 'r'): Record<string, unknown> | undefined {
  const dcc = report.credential?.dcc;
  if (!dcc || typeof dcc !== 'object') return undefined;
  const list = (dcc as Record<string, unknown>)[key];
  const entry = Array.isArray(list) ? list[0] : undefined;
  return entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : undefined;
}

/** Where each kind of health certificate dates itself (vaccination, sample, first positive). */
const REFERENCE_FIELDS = {
  vaccination: ['v', 'dt'],
  test: ['t', 'sc'],
  recovery: ['r', 'fr'],
} as const;

/** The instant a credential's age is measured from (see `Requirement.maxAgeHours`). */
function referenceTime(report: Report, kind: CredentialKind): string | undefined {
  if (kind === 'entry-pass') return report.credential?.issuedAt;
  const [key, name] = REFERENCE_FIELDS[kind];
  const value = firstEntry(report, key)?.[name];
  return typeof value === 'string' ? value : undefined;
}

const str = (x: unknown) => (typeof x === 'string' ? x : String(x ?? '-'));

/** `undefined` when `report` (number `i`, from 1) meets `req`; else why not, in `lang`. */
function mismatch(
  req: Requirement,
  report: Report,
  i: number,
  at: Date,
  lang: Lang,
  reference: Date,
) {
  if (report.status !== 'valid') {
    const codes = report.findings.filter((f) => f.severity === 'error').map((f) => f.code);
    return policyText('invalid', lang, { i, codes: [...new Set(codes)].join(', ') || '-' });
  }
  if (req.rules && report.steps.rules !== 'passed')
    return policyText('rulesNotApplied', lang, { i });
  const kind = req.credential;
  if (req.testType || req.result !== undefined) {
    const t = firstEntry(report, 't');
    if (req.testType && !req.testType.includes(str(t?.tt)))
      return policyText('wrongTestType', lang, {
        i,
        value: str(t?.tt),
        codes: req.testType.join('/'),
      });
    if (req.result !== undefined && t?.tr !== req.result)
      return policyText('wrongResult', lang, { i, value: str(t?.tr), code: req.result });
  }
  if (req.vaccines || req.completeCourse) {
    const v = firstEntry(report, 'v');
    if (req.vaccines && !req.vaccines.includes(str(v?.mp)))
      return policyText('wrongVaccine', lang, {
        i,
        value: str(v?.mp),
        codes: req.vaccines.join('/'),
      });
    if (
      req.completeCourse &&
      !(typeof v?.dn === 'number' && typeof v.sd === 'number' && v.dn >= v.sd)
    )
      return policyText('incomplete', lang, { i, dn: str(v?.dn), sd: str(v?.sd) });
  }
  if (req.issuers) {
    const issuer = report.credential?.issuer ?? '-';
    if (!req.issuers.includes(issuer))
      return policyText('wrongIssuer', lang, { i, value: issuer, codes: req.issuers.join('/') });
  }
  if (
    req.maxAgeHours !== undefined ||
    req.minAgeHours !== undefined ||
    req.maxAgeCalendarDays !== undefined
  ) {
    const ref = referenceTime(report, kind);
    const time = ref === undefined ? Number.NaN : Date.parse(ref);
    if (Number.isNaN(time)) return policyText('noDate', lang, { i });
    if (time > at.getTime()) return policyText('future', lang, { i, date: ref! });
    if (time > reference.getTime())
      return policyText('afterReference', lang, {
        i,
        date: ref!,
        reference: reference.toISOString(),
      });
    if (req.maxAgeCalendarDays !== undefined && req.timeZone) {
      const zone = req.timeZone;
      const day = calendarDay(time, zone);
      if (calendarDay(reference.getTime(), zone) - day > req.maxAgeCalendarDays)
        return policyText('tooOldCalendar', lang, {
          i,
          date: dayText(day),
          zone,
          n: req.maxAgeCalendarDays,
          reference: dayText(calendarDay(reference.getTime(), zone)),
        });
    }
    const age = (reference.getTime() - time) / 3_600_000;
    const shown = Math.round(age * 10) / 10;
    if (req.maxAgeHours !== undefined && age > req.maxAgeHours)
      return policyText('tooOld', lang, { i, age: shown, n: req.maxAgeHours });
    if (req.minAgeHours !== undefined && age < req.minAgeHours)
      return policyText('tooNew', lang, { i, age: shown, n: req.minAgeHours });
  }
  return undefined;
}

interface Evaluated {
  explanation: PolicyExplanation;
  /** Credentials a satisfied node rests on: every child of allOf, the first satisfied child of anyOf. */
  used: number[];
  /** Unsatisfied requirements whose absence makes this node unsatisfied. */
  missing: PolicyExplanation[];
}

function nodeText(node: PolicyNode, lang: Lang, fallback: () => string): string {
  return node.description?.[lang] ?? node.description?.en ?? fallback();
}

/**
 * A policy checked once (`parsePolicy`) for a verifier that applies it to many travellers: a
 * loaded lane's policy, say. {@link evaluatePolicy} then skips the check, and each node's
 * explanation text is made once per language. The policy must not change afterwards.
 */
export class PreparedPolicy {
  /** Explanation texts per policy node and language, made on first use. */
  private readonly texts = new WeakMap<object, Partial<Record<Lang, string>>>();

  /** Use {@link preparePolicy}. */
  private constructor(readonly policy: Policy) {}

  /** @internal */
  static of(policy: Policy): PreparedPolicy {
    return new PreparedPolicy(policy);
  }

  /** The text of `node` in `lang` if it was made already (no closure to pass on the way). */
  known(node: PolicyNode, lang: Lang): string | undefined {
    return this.texts.get(node)?.[lang];
  }

  /** The text of `node` in `lang`, made by `make` the first time. */
  text(node: PolicyNode, lang: Lang, make: () => string): string {
    let known = this.texts.get(node);
    if (!known) {
      known = {};
      this.texts.set(node, known);
    }
    let text = known[lang];
    if (text === undefined) {
      text = make();
      known[lang] = text;
    }
    return text;
  }
}

/** Checks `policy` once for repeated evaluation (see {@link PreparedPolicy}). */
export function preparePolicy(policy: Policy): Result<PreparedPolicy, 'POLICY_INVALID'> {
  const parsed = parsePolicy(policy);
  return parsed.ok ? ok(PreparedPolicy.of(parsed.value)) : parsed;
}

/** Texts made fresh on every evaluation (a policy that was not prepared). */
const FRESH_TEXTS: Texts = {
  known: () => undefined,
  text: (_node: PolicyNode, _lang: Lang, make: () => string) => make(),
};

type Texts = Pick<PreparedPolicy, 'known' | 'text'>;

function evaluateNode(
  node: PolicyNode,
  reports: readonly Report[],
  at: Date,
  lang: Lang,
  reference: Date,
  texts: Texts,
): Evaluated {
  if ('allOf' in node || 'anyOf' in node) {
    const all = 'allOf' in node;
    const parts = (
      all ? (node as { allOf: PolicyNode[] }).allOf : (node as { anyOf: PolicyNode[] }).anyOf
    ).map((child) => evaluateNode(child, reports, at, lang, reference, texts));
    const satisfied = all
      ? parts.every((p) => p.explanation.satisfied)
      : parts.some((p) => p.explanation.satisfied);
    const used = satisfied
      ? all
        ? parts.flatMap((p) => p.used)
        : parts.find((p) => p.explanation.satisfied)!.used
      : [];
    const missing = satisfied
      ? []
      : parts.filter((p) => !p.explanation.satisfied).flatMap((p) => p.missing);
    return {
      explanation: {
        kind: all ? 'allOf' : 'anyOf',
        satisfied,
        text:
          texts.known(node, lang) ??
          texts.text(node, lang, () =>
            nodeText(node, lang, () => policyText(all ? 'allOf' : 'anyOf', lang)),
          ),
        children: parts.map((p) => p.explanation),
      },
      used,
      missing,
    };
  }
  const req = node;
  const satisfiedBy: number[] = [];
  const reasons: string[] = [];
  for (let index = 0; index < reports.length; index++) {
    const report = reports[index]!;
    if (credentialKind(report) !== req.credential) continue;
    const why = mismatch(req, report, index + 1, at, lang, reference);
    if (why === undefined) satisfiedBy.push(index);
    else reasons.push(why);
  }
  const satisfied = satisfiedBy.length > 0;
  if (!satisfied && reasons.length === 0)
    reasons.push(policyText('notPresented', lang, { kind: kindName(req.credential, lang) }));
  const explanation: PolicyExplanation = {
    kind: 'requirement',
    satisfied,
    text: texts.known(req, lang) ?? texts.text(req, lang, () => describeRequirement(req, lang)),
    satisfiedBy,
  };
  if (!satisfied) explanation.reasons = reasons;
  return {
    explanation,
    used: satisfied ? [satisfiedBy[0]!] : [],
    missing: satisfied ? [] : [explanation],
  };
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** Calendar days by zone, then instant (no key text to build per lookup); bounded in all. */
const knownDays = new Map<string, Map<number, number>>();
let knownDayCount = 0;
const MAX_KNOWN_DAYS = 1024;

/**
 * The calendar day (days since 1970-01-01) of the instant `ms` in the IANA time zone `zone`,
 * through `Intl.DateTimeFormat` (browsers and Node carry the time-zone database).
 */
function calendarDay(ms: number, zone: string): number {
  // The same instants come back (a flight's departure is every passenger's reference):
  // remembered, as `formatToParts` costs more than the rest of a requirement's check.
  let days = knownDays.get(zone);
  const known = days?.get(ms);
  if (known !== undefined) return known;
  let format = dayFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    dayFormats.set(zone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(ms)) parts[p.type] = Number(p.value);
  const day = Date.UTC(parts.year!, parts.month! - 1, parts.day!) / 86_400_000;
  if (knownDayCount >= MAX_KNOWN_DAYS) {
    knownDays.clear();
    knownDayCount = 0;
    days = undefined;
  }
  if (!days) {
    days = new Map();
    knownDays.set(zone, days);
  }
  days.set(ms, day);
  knownDayCount++;
  return day;
}

function dayText(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** `list` without repeats, in ascending order; as given when it already is (no sort's copy). */
function ascendingUnique(list: number[]): number[] {
  for (let i = 1; i < list.length; i++) {
    if (list[i]! <= list[i - 1]!) return [...new Set(list)].sort((a, b) => a - b);
  }
  return list;
}

/** The first field on which two holders differ (compared only where both carry it). */
function holderDifference(a: Holder | undefined, b: Holder | undefined): string | undefined {
  if (!a || !b) return undefined;
  const norm = (s: string | undefined) => s?.toUpperCase().replace(/[\s<]+/g, '<');
  if (a.dateOfBirth && b.dateOfBirth && a.dateOfBirth !== b.dateOfBirth) return 'dateOfBirth';
  const fa = norm(a.familyNameTransliterated);
  const fb = norm(b.familyNameTransliterated);
  if (fa && fb && fa !== fb) return 'familyName';
  const ga = norm(a.givenNameTransliterated);
  const gb = norm(b.givenNameTransliterated);
  if (ga && gb && ga !== gb) return 'givenName';
  return undefined;
}

/**
 * Decides whether the credentials a traveller presents at once satisfy an entry policy
 * (language reference: `README.md` in this folder), given as a document or prepared once
 * with {@link preparePolicy}. Each report is what `verify()` gave for one
 * presented credential, in the order presented; a requirement is met by a credential of its
 * kind whose report is `valid` and that meets every condition. With `sameHolder` (the
 * default), the credentials the decision rests on must name the same person (date of birth
 * and ICAO transliterated names, where both carry them). Pure; a malformed policy gives
 * `POLICY_INVALID` instead of an exception.
 *
 * @example
 * evaluatePolicy({ allOf: [{ credential: 'entry-pass' }, { credential: 'test', maxAgeHours: 72 }] },
 *   [passReport, testReport], { at, lang: 'ko' }).satisfied
 */
export function evaluatePolicy(
  policy: Policy | PreparedPolicy,
  reports: readonly Report[],
  options: PolicyOptions,
): PolicyDecision {
  const lang = options.lang ?? 'en';
  const prepared = policy instanceof PreparedPolicy ? policy : undefined;
  if (prepared) policy = prepared.policy;
  const parsed: Result<Policy, 'POLICY_INVALID'> = prepared
    ? ok(prepared.policy)
    : parsePolicy(policy);
  const id = typeof (policy as { id?: unknown })?.id === 'string' ? (policy as Policy).id! : '-';
  if (!parsed.ok) {
    const finding = makeFinding('POLICY_INVALID', lang, parsed.params);
    return {
      satisfied: false,
      policy: id,
      explanation: { kind: 'requirement', satisfied: false, text: finding.message },
      findings: [finding],
      used: [],
    };
  }
  const { explanation, used, missing } = evaluateNode(
    parsed.value,
    reports,
    options.at,
    lang,
    options.ageReference ?? options.at,
    prepared ?? FRESH_TEXTS,
  );
  const findings: Finding[] = [];
  reports.forEach((report, index) => {
    if (report.status === 'valid') return;
    const codes = [
      ...new Set(report.findings.filter((f) => f.severity === 'error').map((f) => f.code)),
    ];
    findings.push(
      makeFinding('POLICY_CREDENTIAL_INVALID', lang, {
        index: index + 1,
        codes: codes.join(', ') || '-',
      }),
    );
  });
  let satisfied = explanation.satisfied;
  const uses = ascendingUnique(used);
  if (satisfied && parsed.value.sameHolder !== false) {
    const [first, ...others] = uses;
    for (const other of others) {
      const field = holderDifference(
        reports[first!]?.credential?.holder,
        reports[other]?.credential?.holder,
      );
      if (field) {
        satisfied = false;
        findings.push(
          makeFinding('POLICY_HOLDER_MISMATCH', lang, {
            first: first! + 1,
            other: other + 1,
            field,
          }),
        );
        break;
      }
    }
  }
  if (satisfied) {
    findings.unshift(makeFinding('POLICY_SATISFIED', lang, { policy: id }));
  } else {
    findings.unshift(
      makeFinding('POLICY_NOT_SATISFIED', lang, { policy: id, count: reports.length }),
    );
    for (const m of missing) {
      findings.push(
        makeFinding('POLICY_REQUIREMENT_MISSING', lang, {
          requirement: m.text,
          reasons: (m.reasons ?? []).join(lang === 'zh' ? '；' : '; '),
        }),
      );
    }
  }
  return { satisfied, policy: id, explanation, findings, used: satisfied ? uses : [] };
}
