// The public surface of `@corridor/core/report`: what other packages use.
export { FINDING_TABLES, localizeFinding, makeFinding } from './catalog.js';
export type { Finding, FindingDefinition, FindingParams, Lang } from './finding.js';
export { findingFrom, isLang, LANGS } from './finding.js';
export type { Report, StepName } from './report.js';
