import { DIVOC_FINDINGS } from '../divoc/findings.js';
import { INTEROP_FINDINGS } from '../interop/findings.js';
import { NZCP_FINDINGS } from '../nzcp/findings.js';
import { SHC_FINDINGS } from '../shc/findings.js';
import { TRANSPARENCY_FINDINGS } from '../transparency/findings.js';
import { VDS_FINDINGS } from '../vds-nc/findings.js';
import { BASE_FINDING_TABLES, type FindingCode } from './catalog.js';
import type { FindingDefinition } from './finding.js';

/**
 * Each module's own table of finding codes, by module: every code Corridor can report, for
 * listings (`corridor findings`, docs/findings.md, the operator console) and tests. Building a
 * finding goes through `makeFinding` in `catalog.ts`, which knows the base tables and those
 * registered by the formats' verifiers, so a page bundles only what it can report.
 */
export const FINDING_TABLES = {
  ...BASE_FINDING_TABLES,
  interop: INTEROP_FINDINGS,
  transparency: TRANSPARENCY_FINDINGS,
  nzcp: NZCP_FINDINGS,
  'vds-nc': VDS_FINDINGS,
  shc: SHC_FINDINGS,
  divoc: DIVOC_FINDINGS,
} as const;

/**
 * Every finding code Corridor can report, merged from each module's own table.
 * A module adds its codes in its own `findings.ts`; this file only joins them. That a code is
 * defined exactly once, with the same placeholders in every language, is checked by
 * `catalog.test.ts`.
 */
export const FINDINGS: Readonly<Record<FindingCode, FindingDefinition>> = Object.assign(
  {},
  ...Object.values(FINDING_TABLES),
);
