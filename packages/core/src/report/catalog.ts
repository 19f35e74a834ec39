import { CERTLOGIC_FINDINGS } from '../certlogic/findings.js';
import { DCC_FINDINGS } from '../dcc/findings.js';
import { DDCC_FINDINGS } from '../ddcc/findings.js';
import type { DIVOC_FINDINGS } from '../divoc/findings.js';
import { HCERT_FINDINGS } from '../hcert/findings.js';
import type { INTEROP_FINDINGS } from '../interop/findings.js';
import { BREAKER_FINDINGS } from '../lanes/breaker/findings.js';
import { LANE_FINDINGS } from '../lanes/findings.js';
import { INDICATOR_FINDINGS } from '../lanes/indicators/findings.js';
import { MRZ_FINDINGS } from '../mrz/findings.js';
import type { NZCP_FINDINGS } from '../nzcp/findings.js';
import { PASS_FINDINGS } from '../pass/findings.js';
import { POLICY_FINDINGS } from '../policy/findings.js';
import { QR_FINDINGS } from '../qr/findings.js';
import { RULES_FINDINGS } from '../rules/findings.js';
import type { SHC_FINDINGS } from '../shc/findings.js';
import type { TRANSPARENCY_FINDINGS } from '../transparency/findings.js';
import { TRUST_FINDINGS } from '../trust/findings.js';
import type { VDS_FINDINGS } from '../vds-nc/findings.js';
import type { Finding, FindingDefinition, FindingParams, Lang } from './finding.js';
import { findingFrom, formatMessage } from './finding.js';

/**
 * The tables every page and command needs: HC1 and its rules, trust, policy, the lanes and
 * their entry passes, breakers and indicators, QR and MRZ reading. The other formats (SHC,
 * NZCP, VDS-NC, DIVOC) and the gateway's interop and transparency tables join when their
 * module loads ({@link registerFindings}), so a page that never sees them never downloads their
 * messages in three languages. `tables.ts` joins every table at once.
 */
const BASE_FINDINGS = {
  ...HCERT_FINDINGS,
  ...DCC_FINDINGS,
  ...QR_FINDINGS,
  ...CERTLOGIC_FINDINGS,
  ...RULES_FINDINGS,
  ...TRUST_FINDINGS,
  ...POLICY_FINDINGS,
  ...MRZ_FINDINGS,
  ...LANE_FINDINGS,
  ...PASS_FINDINGS,
  ...DDCC_FINDINGS,
  ...INDICATOR_FINDINGS,
  ...BREAKER_FINDINGS,
} as const satisfies Record<string, FindingDefinition>;

/** Every finding code Corridor can report (the type joins every table, loaded or not). */
export type FindingCode =
  | keyof typeof BASE_FINDINGS
  | keyof typeof INTEROP_FINDINGS
  | keyof typeof TRANSPARENCY_FINDINGS
  | keyof typeof NZCP_FINDINGS
  | keyof typeof VDS_FINDINGS
  | keyof typeof SHC_FINDINGS
  | keyof typeof DIVOC_FINDINGS;

/** The definitions {@link makeFinding} knows: the base tables and every registered one. */
const known: Record<string, FindingDefinition> = { ...BASE_FINDINGS };

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
