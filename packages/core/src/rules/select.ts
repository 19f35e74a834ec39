import type { BusinessRule, RuleCertificateType } from './types.js';
import { compareVersions, parseInstant } from './validate.js';

/** What to select rules for. */
export interface RuleSelection {
  /** Destination (acceptance) country, ISO 3166-1 alpha-2. */
  country: string;
  /** Destination region; rules without a Region always apply, regional ones only when named. */
  region?: string;
  /** The validation clock: a rule applies when ValidFrom <= at < ValidTo. */
  at: Date;
  /** The certificate's type; `General` rules apply to all. Leave out to keep every type. */
  certificateType?: 'vaccination' | 'test' | 'recovery' | RuleCertificateType;
  /** The certificate's issuing country: its Invalidation rules are applied too. */
  issuerCountry?: string;
}

const TYPE_NAMES: Record<string, RuleCertificateType> = {
  vaccination: 'Vaccination',
  test: 'Test',
  recovery: 'Recovery',
};

/**
 * Selects the rules that apply to one verification, as the EU verifier apps do:
 * Acceptance rules of the destination `country` and Invalidation rules of `issuerCountry`;
 * national rules plus, when `region` is given, that region's rules; valid at `at`
 * (ValidFrom <= at < ValidTo); of the certificate's type or `General`; and, per Identifier,
 * only the highest Version among those valid at `at` (a newer version that is not valid yet
 * leaves the current one in force). Result is sorted by Identifier.
 */
export function selectRules(
  rules: readonly BusinessRule[],
  selection: RuleSelection,
): BusinessRule[] {
  const at = selection.at.getTime();
  const certType = selection.certificateType
    ? (TYPE_NAMES[selection.certificateType] ?? selection.certificateType)
    : undefined;
  const newest = new Map<string, BusinessRule>();
  for (const rule of rules) {
    const owner = rule.Type === 'Invalidation' ? selection.issuerCountry : selection.country;
    if (owner === undefined || rule.Country !== owner.toUpperCase()) continue;
    if (rule.Region !== undefined && rule.Region !== '' && rule.Region !== selection.region)
      continue;
    if (certType && rule.CertificateType !== 'General' && rule.CertificateType !== certType)
      continue;
    const from = parseInstant(rule.ValidFrom);
    const to = parseInstant(rule.ValidTo);
    if (from === undefined || to === undefined || !(from <= at && at < to)) continue;
    const key = `${rule.Type}|${rule.Identifier}`;
    const current = newest.get(key);
    if (!current || compareVersions(rule.Version, current.Version) > 0) newest.set(key, rule);
  }
  return [...newest.values()].sort((a, b) => a.Identifier.localeCompare(b.Identifier));
}
