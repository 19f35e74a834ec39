import { CERTLOGIC_FINDINGS } from '../certlogic/findings.js';
import { DCC_FINDINGS } from '../dcc/findings.js';
import { DDCC_FINDINGS } from '../ddcc/findings.js';
import { HCERT_FINDINGS } from '../hcert/findings.js';
import { BREAKER_FINDINGS } from '../lanes/breaker/findings.js';
import { LANE_FINDINGS } from '../lanes/findings.js';
import { INDICATOR_FINDINGS } from '../lanes/indicators/findings.js';
import { MRZ_FINDINGS } from '../mrz/findings.js';
import { PASS_FINDINGS } from '../pass/findings.js';
import { POLICY_FINDINGS } from '../policy/findings.js';
import { QR_FINDINGS } from '../qr/findings.js';
import { RULES_FINDINGS } from '../rules/findings.js';
import { TRUST_FINDINGS } from '../trust/findings.js';
import type { Finding, FindingDefinition, FindingParams, Lang } from './finding.js';
import { findingFrom, formatMessage } from './finding.js';
import type { FINDING_TABLES } from './tables.js';

/**
 * The tables every page and command needs, by module: HC1 and its rules, trust, policy, the
 * lanes and their entry passes, breakers and indicators, QR and MRZ reading. The other formats
 * (SHC, NZCP, VDS-NC, DIVOC) and the gateway's interop and transparency tables join when their
 * module loads ({@link registerFindings}), so a page that never sees them never downloads their
 * messages in three languages. `tables.ts` adds them to this list to list every table at once.
 */
export const BASE_FINDING_TABLES = {
  hcert: HCERT_FINDINGS,
  dcc: DCC_FINDINGS,
  qr: QR_FINDINGS,
  certlogic: CERTLOGIC_FINDINGS,
  rules: RULES_FINDINGS,
  trust: TRUST_FINDINGS,
  policy: POLICY_FINDINGS,
  mrz: MRZ_FINDINGS,
  lanes: LANE_FINDINGS,
  pass: PASS_FINDINGS,
  ddcc: DDCC_FINDINGS,
  indicators: INDICATOR_FINDINGS,
  breaker: BREAKER_FINDINGS,
} as const satisfies Record<string, Record<string, FindingDefinition>>;

/** The codes of a set of tables keyed by module. */
export type CodeOfTables<T> = { [M in keyof T]: keyof T[M] }[keyof T] & string;

/**
 * Every finding code Corridor can report (the type joins every table, loaded or not; a type
 * import, so the format tables stay out of the bundle).
 */
export type FindingCode = CodeOfTables<typeof FINDING_TABLES>;

/** The definitions {@link makeFinding} knows: the base tables and every registered one. */
const known: Record<string, FindingDefinition> = Object.assign(
  {},
  ...Object.values(BASE_FINDING_TABLES),
);

/**
 * Adds a module's table to what {@link makeFinding} and {@link localizeFinding} know. Each
 * format's verifier registers its table when it loads; registering again changes nothing.
 */
export function registerFindings(table: Readonly<Record<string, FindingDefinition>>): void {
  Object.assign(known, table);
}

/**
 * Builds a finding for `code` in `lang`.
 *
 * @example
 * makeFinding('HC1_BASE45_INVALID', 'zh', { position: 12 }).message
 */
export function makeFinding(
  code: FindingCode,
  lang: Lang = 'en',
  params?: FindingParams,
  path?: string,
): Finding {
  if (!(code in known)) throw new Error(`finding ${code}: its module's table is not registered`);
  return findingFrom<string>(known, code, lang, params, path);
}

/** Re-renders a finding's message in another language (codes unknown here are returned as is). */
export function localizeFinding(finding: Finding, lang: Lang): Finding {
  const def = known[finding.code];
  if (!def) return finding;
  return { ...finding, message: formatMessage(def.messages[lang], finding.params) };
}
