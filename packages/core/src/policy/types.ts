/**
 * The policy language: requirements over the credentials a traveller presents at once.
 * Reference: `README.md` in this folder.
 */
import type { Lang } from '../report/finding.js';

/** The kinds of credential a requirement can ask for. */
export type CredentialKind = 'entry-pass' | 'vaccination' | 'test' | 'recovery';

/** Every kind, in the order explanations list them. */
export const CREDENTIAL_KINDS: readonly CredentialKind[] = [
  'entry-pass',
  'vaccination',
  'test',
  'recovery',
];

/** Optional human text for a node, used in explanations instead of the generated text. */
export type PolicyText = Partial<Record<Lang, string>>;

/**
 * One requirement: satisfied by a presented credential of kind `credential` whose report is
 * `valid` (cryptography, dates and, when they were applied, the destination's rules) and that
 * meets every condition given here.
 */
export interface Requirement {
  credential: CredentialKind;
  /**
   * At most this many hours between the credential's reference time and `at`: a test's
   * sample collection (`sc`), a vaccination's date (`dt`), a recovery's first positive test
   * (`fr`), an entry pass's issuing time. A reference time after `at` never matches.
   */
  maxAgeHours?: number;
  /** At least this many hours since the reference time (e.g. 336 = 14 days after a dose). */
  minAgeHours?: number;
  /**
   * At most this many calendar days between the credential's reference time and the instant
   * ages are counted to, both taken as dates in `timeZone` (which it requires). Korea's 2021
   * rule, "72 hours counted by calendar day", is `maxAgeCalendarDays: 3, timeZone:
   * 'Asia/Seoul'`: for a 10:00 departure on 10 March, a test sampled from 00:00 on 7 March
   * (Korean time) on is accepted.
   */
  maxAgeCalendarDays?: number;
  /** IANA time zone of the calendar (`Asia/Seoul`, `Asia/Shanghai`); only with `maxAgeCalendarDays`. */
  timeZone?: string;
  /** Tests only: the test type (`tt`) is one of these codes, e.g. `LP6464-4` (NAAT). */
  testType?: string[];
  /** Tests only: the result (`tr`) is this code, e.g. `260415000` (not detected). */
  result?: string;
  /** Vaccinations only: the medicinal product (`mp`) is one of these codes. */
  vaccines?: string[];
  /** Vaccinations only: `true` requires a complete course (`dn >= sd`). */
  completeCourse?: boolean;
  /** The issuing country (CWT `iss`, or the pass issuer) is one of these ISO 3166-1 codes. */
  issuers?: string[];
  /**
   * `true`: the destination's business rules must have been applied to this credential and
   * all passed (`report.steps.rules === 'passed'`). Without it, rules count only when applied
   * (a failed rule makes the report invalid either way).
   */
  rules?: boolean;
  description?: PolicyText;
}

/** Every child must be satisfied. */
export interface AllOf {
  allOf: PolicyNode[];
  description?: PolicyText;
}

/** At least one child must be satisfied. */
export interface AnyOf {
  anyOf: PolicyNode[];
  description?: PolicyText;
}

/** A node of a policy: a combination or a requirement. */
export type PolicyNode = AllOf | AnyOf | Requirement;

/**
 * A policy document: a node plus, at the root only, an optional identifier and
 * `sameHolder` (default `true`: every credential used must name the same person).
 */
export type Policy = PolicyNode & { id?: string; sameHolder?: boolean };
