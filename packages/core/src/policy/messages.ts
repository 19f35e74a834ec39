import { POLICY_KIND_NAMES, POLICY_TEXTS } from '../i18n/labels.js';
import type { FindingParams, Lang } from '../report/finding.js';
import { formatMessage } from '../report/finding.js';
import type { CredentialKind, Requirement } from './types.js';

const KIND = POLICY_KIND_NAMES;
const TEXT = POLICY_TEXTS;

/** A message of the policy explanations in `lang`. */
export function policyText(key: keyof typeof TEXT, lang: Lang, params?: FindingParams): string {
  return formatMessage(TEXT[key][lang], params);
}

const LIST_SEPARATOR: Record<Lang, string> = { en: ', ', zh: '，', ko: ', ' };

/** Generated text of a requirement, e.g. "a test certificate (at most 72 hours old, test type LP6464-4)". */
export function describeRequirement(req: Requirement, lang: Lang): string {
  const own = req.description?.[lang] ?? req.description?.en;
  if (own) return own;
  const codes = (list: string[]) => list.join('/');
  const parts: string[] = [];
  if (req.testType) parts.push(policyText('testType', lang, { codes: codes(req.testType) }));
  if (req.result) parts.push(policyText('result', lang, { code: req.result }));
  if (req.vaccines) parts.push(policyText('vaccines', lang, { codes: codes(req.vaccines) }));
  if (req.completeCourse) parts.push(policyText('completeCourse', lang));
  if (req.maxAgeHours !== undefined) parts.push(policyText('maxAge', lang, { n: req.maxAgeHours }));
  if (req.minAgeHours !== undefined) parts.push(policyText('minAge', lang, { n: req.minAgeHours }));
  if (req.maxAgeCalendarDays !== undefined)
    parts.push(
      policyText('maxAgeCalendar', lang, { n: req.maxAgeCalendarDays, zone: req.timeZone ?? '-' }),
    );
  if (req.issuers) parts.push(policyText('issuers', lang, { codes: codes(req.issuers) }));
  if (req.rules) parts.push(policyText('rules', lang));
  const kind = KIND[req.credential][lang];
  if (parts.length === 0) return kind;
  const conditions = parts.join(LIST_SEPARATOR[lang]);
  return lang === 'zh' ? `${kind}（${conditions}）` : `${kind} (${conditions})`;
}

/** The name of a credential kind in `lang`. */
export function kindName(kind: CredentialKind, lang: Lang): string {
  return KIND[kind][lang];
}
