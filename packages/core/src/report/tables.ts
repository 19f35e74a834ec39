import { CERTLOGIC_FINDINGS } from '../certlogic/findings.js';
import { DCC_FINDINGS } from '../dcc/findings.js';
import { DDCC_FINDINGS } from '../ddcc/findings.js';
import { DIVOC_FINDINGS } from '../divoc/findings.js';
import { HCERT_FINDINGS } from '../hcert/findings.js';
import { INTEROP_FINDINGS } from '../interop/findings.js';
import { BREAKER_FINDINGS } from '../lanes/breaker/findings.js';
import { LANE_FINDINGS } from '../lanes/findings.js';
import { INDICATOR_FINDINGS } from '../lanes/indicators/findings.js';
import { MRZ_FINDINGS } from '../mrz/findings.js';
import { NZCP_FINDINGS } from '../nzcp/findings.js';
import { PASS_FINDINGS } from '../pass/findings.js';
import { POLICY_FINDINGS } from '../policy/findings.js';
import { QR_FINDINGS } from '../qr/findings.js';
import { RULES_FINDINGS } from '../rules/findings.js';
import { SHC_FINDINGS } from '../shc/findings.js';
import { TRANSPARENCY_FINDINGS } from '../transparency/findings.js';
import { TRUST_FINDINGS } from '../trust/findings.js';
import { VDS_FINDINGS } from '../vds-nc/findings.js';
import type { FindingDefinition } from './finding.js';

/**
 * Each module's own table of finding codes, by module: every code Corridor can report, for
 * listings (`corridor findings`, docs/findings.md, the operator console) and tests. Building a
 * finding goes through `makeFinding` in `catalog.ts`, which knows the base tables and those
 * registered by the formats' verifiers, so a page bundles only what it can report.
 */
export const FINDING_TABLES = {
  hcert: HCERT_FINDINGS,
  dcc: DCC_FINDINGS,
  qr: QR_FINDINGS,
  certlogic: CERTLOGIC_FINDINGS,
  rules: RULES_FINDINGS,
  trust: TRUST_FINDINGS,
  policy: POLICY_FINDINGS,
  interop: INTEROP_FINDINGS,
  transparency: TRANSPARENCY_FINDINGS,
  nzcp: NZCP_FINDINGS,
  'vds-nc': VDS_FINDINGS,
  mrz: MRZ_FINDINGS,
  lanes: LANE_FINDINGS,
  pass: PASS_FINDINGS,
  shc: SHC_FINDINGS,
  divoc: DIVOC_FINDINGS,
  ddcc: DDCC_FINDINGS,
  indicators: INDICATOR_FINDINGS,
  breaker: BREAKER_FINDINGS,
} as const;

/**
 * Every finding code Corridor can report, merged from each module's own table.
 * A module adds its codes in its own `findings.ts`; this file only joins them. That a code is
 * defined exactly once, with the same placeholders in every language, is checked by
 * `catalog.test.ts`.
 */
export const FINDINGS = {
  ...HCERT_FINDINGS,
  ...DCC_FINDINGS,
  ...QR_FINDINGS,
  ...CERTLOGIC_FINDINGS,
  ...RULES_FINDINGS,
  ...TRUST_FINDINGS,
  ...POLICY_FINDINGS,
  ...INTEROP_FINDINGS,
  ...TRANSPARENCY_FINDINGS,
  ...NZCP_FINDINGS,
  ...VDS_FINDINGS,
  ...MRZ_FINDINGS,
  ...LANE_FINDINGS,
  ...PASS_FINDINGS,
  ...SHC_FINDINGS,
  ...DIVOC_FINDINGS,
  ...DDCC_FINDINGS,
  ...INDICATOR_FINDINGS,
  ...BREAKER_FINDINGS,
} as const satisfies Record<string, FindingDefinition>;
