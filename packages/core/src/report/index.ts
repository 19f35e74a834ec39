// The public surface of `@corridor/core/report`: what other packages use.
export { type FindingCode, localizeFinding, makeFinding, registerFindings } from './catalog.js';
export type { Finding, FindingDefinition, FindingParams, Lang } from './finding.js';
export { findingFrom, isLang, LANGS } from './finding.js';
export type { Report, StepName } from './report.js';
export { FINDING_TABLES, FINDINGS } from './tables.js';
