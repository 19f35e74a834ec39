import type { FindingParams, Lang } from '../report/finding.js';
import { formatMessage } from '../report/finding.js';
import type { CredentialKind, Requirement } from './types.js';

/** Names of the credential kinds, as requirement texts use them. */
const KIND: Record<CredentialKind, Record<Lang, string>> = {
  'entry-pass': { en: 'an entry pass', zh: '入境通行证', ko: '입국 허가증' },
  vaccination: { en: 'a vaccination certificate', zh: '疫苗接种证明', ko: '예방접종 증명서' },
  test: { en: 'a test certificate', zh: '检测证明', ko: '검사 증명서' },
  recovery: { en: 'a recovery certificate', zh: '康复证明', ko: '회복 증명서' },
};

/** Message templates of explanations (`{name}` placeholders as in findings). */
const TEXT = {
  allOf: { en: 'all of', zh: '须全部满足', ko: '모두 충족' },
  anyOf: { en: 'any of', zh: '满足其一即可', ko: '하나 이상 충족' },
  maxAge: { en: 'at most {n} hours old', zh: '不超过 {n} 小时', ko: '{n}시간 이내' },
  minAge: { en: 'at least {n} hours old', zh: '已满 {n} 小时', ko: '{n}시간 이상 경과' },
  maxAgeCalendar: {
    en: 'at most {n} calendar days old ({zone})',
    zh: '不超过 {n} 个日历日（{zone}）',
    ko: '{n}일(달력 기준, {zone}) 이내',
  },
  tooOldCalendar: {
    en: '#{i}: dated {date} ({zone}), more than {n} calendar days before {reference}',
    zh: '#{i}：日期为 {date}（{zone}），早于 {reference} 超过 {n} 个日历日',
    ko: '#{i}: 날짜 {date}({zone}), {reference}보다 {n}일(달력 기준) 넘게 이전',
  },
  afterReference: {
    en: '#{i}: dated {date}, after the scheduled departure {reference}',
    zh: '#{i}：日期 {date} 晚于计划出发时间 {reference}',
    ko: '#{i}: 날짜 {date}이(가) 예정 출발 시각 {reference} 이후임',
  },
  testType: { en: 'test type {codes}', zh: '检测类型 {codes}', ko: '검사 유형 {codes}' },
  result: { en: 'result {code}', zh: '结果 {code}', ko: '결과 {code}' },
  vaccines: { en: 'vaccine {codes}', zh: '疫苗 {codes}', ko: '백신 {codes}' },
  completeCourse: { en: 'complete course', zh: '已完成全程接种', ko: '접종 완료' },
  issuers: { en: 'issued by {codes}', zh: '签发国 {codes}', ko: '발급 국가 {codes}' },
  rules: {
    en: "meeting the destination's entry rules",
    zh: '符合目的地入境规则',
    ko: '목적지 입국 규칙 충족',
  },
  notPresented: {
    en: '{kind} was not presented',
    zh: '未出示{kind}',
    ko: '{kind}을(를) 제시하지 않음',
  },
  invalid: {
    en: '#{i}: not valid ({codes})',
    zh: '#{i}：无效（{codes}）',
    ko: '#{i}: 유효하지 않음({codes})',
  },
  rulesNotApplied: {
    en: "#{i}: the destination's entry rules were not applied",
    zh: '#{i}：未执行目的地入境规则',
    ko: '#{i}: 목적지 입국 규칙이 적용되지 않음',
  },
  noDate: {
    en: '#{i}: carries no date to measure its age',
    zh: '#{i}：没有可计算时长的日期',
    ko: '#{i}: 경과 시간을 계산할 날짜가 없음',
  },
  future: {
    en: '#{i}: dated {date}, after the check',
    zh: '#{i}：日期 {date} 晚于查验时间',
    ko: '#{i}: 날짜 {date}이(가) 확인 시각 이후임',
  },
  tooOld: {
    en: '#{i}: {age} hours old, more than {n}',
    zh: '#{i}：已过 {age} 小时，超过 {n} 小时',
    ko: '#{i}: {age}시간 경과, {n}시간 초과',
  },
  tooNew: {
    en: '#{i}: {age} hours old, less than {n}',
    zh: '#{i}：仅过 {age} 小时，不足 {n} 小时',
    ko: '#{i}: {age}시간 경과, {n}시간 미만',
  },
  wrongTestType: {
    en: '#{i}: test type {value}, not {codes}',
    zh: '#{i}：检测类型为 {value}，而非 {codes}',
    ko: '#{i}: 검사 유형 {value}, {codes} 아님',
  },
  wrongResult: {
    en: '#{i}: result {value}, not {code}',
    zh: '#{i}：结果为 {value}，而非 {code}',
    ko: '#{i}: 결과 {value}, {code} 아님',
  },
  wrongVaccine: {
    en: '#{i}: vaccine {value}, not {codes}',
    zh: '#{i}：疫苗为 {value}，而非 {codes}',
    ko: '#{i}: 백신 {value}, {codes} 아님',
  },
  incomplete: {
    en: '#{i}: dose {dn}/{sd}, course not complete',
    zh: '#{i}：剂次 {dn}/{sd}，未完成全程接种',
    ko: '#{i}: {dn}/{sd}차 접종, 접종 미완료',
  },
  wrongIssuer: {
    en: '#{i}: issued by {value}, not {codes}',
    zh: '#{i}：签发国为 {value}，而非 {codes}',
    ko: '#{i}: 발급 국가 {value}, {codes} 아님',
  },
} as const satisfies Record<string, Record<Lang, string>>;

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
