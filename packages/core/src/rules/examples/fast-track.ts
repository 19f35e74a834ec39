/**
 * Example fast-track rule sets for China (CN) and Korea (KR), in the EU business-rule format.
 * See `README.md` in this folder for the sources, the modelling choices (calendar-day counting
 * for Korea, the IgM antibody test for China) and what is illustrative rather than historical.
 */
import type { BusinessRule, RuleDescription } from '../types.js';

const NAAT = 'LP6464-4';
const NOT_DETECTED = '260415000';
/** Vaccines on the WHO Emergency Use Listing in 2021, as EU DCC `mp` codes. */
const WHO_EUL_VACCINES = [
  'EU/1/20/1528',
  'EU/1/20/1507',
  'EU/1/21/1529',
  'EU/1/20/1525',
  'Covishield',
  'BBIBP-CorV',
  'CoronaVac',
  'Covaxin',
];
/** Vaccines China accepted as of 2021: the WHO EUL list plus Chinese-authorised products. */
const CN_VACCINES = [...WHO_EUL_VACCINES, 'Inactivated-SARS-CoV-2-Vero-Cell', 'Convidecia'];

const describe = (en: string, zh: string, ko: string): RuleDescription[] => [
  { lang: 'en', desc: en },
  { lang: 'zh', desc: zh },
  { lang: 'ko', desc: ko },
];

const base = {
  Type: 'Acceptance' as const,
  Version: '1.0.0',
  SchemaVersion: '1.0.0',
  Engine: 'CERTLOGIC',
  EngineVersion: '1.3.2',
  ValidTo: '2030-01-01T00:00:00Z',
};

const clock = (amount = 0, unit = 'hour') => ({
  plusTime: [{ var: 'external.validationClock' }, amount, unit],
});
const onlyIf = (field: string, logic: unknown) => ({ if: [{ var: field }, logic, true] });

/** Rule bodies both example countries use word for word (each rule adds its id, country, type and date). */
const COMPLETE_COURSE = {
  Description: describe(
    'The vaccination course must be complete (dose number at least the total in the series).',
    '疫苗接种程序必须已完成（剂次不少于全程剂数）。',
    '예방접종을 완료해야 합니다(접종 차수가 전체 차수 이상).',
  ),
  AffectedFields: ['v.0', 'v.0.dn', 'v.0.sd'],
  Logic: onlyIf('payload.v.0', { '>=': [{ var: 'payload.v.0.dn' }, { var: 'payload.v.0.sd' }] }),
};
const DAYS_SINCE_COURSE = {
  Description: describe(
    'At least 14 days must have passed since the completing dose, and at most 365 days.',
    '完成接种后须满 14 天，且不超过 365 天。',
    '접종 완료 후 14일이 지나야 하며 365일을 넘지 않아야 합니다.',
  ),
  AffectedFields: ['v.0', 'v.0.dt'],
  Logic: onlyIf('payload.v.0', {
    'not-after': [
      { plusTime: [{ var: 'payload.v.0.dt' }, 14, 'day'] },
      clock(0, 'day'),
      { plusTime: [{ var: 'payload.v.0.dt' }, 365, 'day'] },
    ],
  }),
};
const RECOVERY_VALIDITY = {
  Description: describe(
    'The check must fall within the recovery certificate validity (valid from to valid until).',
    '查验时间必须在康复证明有效期内（生效日至失效日）。',
    '확인 시점이 회복 증명서 유효 기간(시작일~종료일) 안에 있어야 합니다.',
  ),
  AffectedFields: ['r.0', 'r.0.df', 'r.0.du'],
  Logic: onlyIf('payload.r.0', {
    'not-after': [
      { plusTime: [{ var: 'payload.r.0.df' }, 0, 'day'] },
      clock(0, 'day'),
      { plusTime: [{ var: 'payload.r.0.du' }, 0, 'day'] },
    ],
  }),
};

/** Korea: negative NAAT within 72 hours, counted by calendar day; vaccination; recovery. */
export const KR_RULES: readonly BusinessRule[] = [
  {
    ...base,
    Identifier: 'TR-KR-0001',
    Country: 'KR',
    CertificateType: 'Test',
    ValidFrom: '2021-02-24T00:00:00+09:00',
    Description: describe(
      'The test must be a nucleic acid amplification test (PCR); rapid antigen tests are not accepted.',
      '检测必须为核酸扩增检测（PCR），不接受快速抗原检测。',
      '검사는 핵산증폭검사(PCR)여야 하며 신속항원검사는 인정되지 않습니다.',
    ),
    AffectedFields: ['t.0', 't.0.tt'],
    Logic: onlyIf('payload.t.0', { '===': [{ var: 'payload.t.0.tt' }, NAAT] }),
  },
  {
    ...base,
    Identifier: 'TR-KR-0002',
    Country: 'KR',
    CertificateType: 'Test',
    ValidFrom: '2021-02-24T00:00:00+09:00',
    Description: describe(
      'The test result must be negative (not detected).',
      '检测结果必须为阴性（未检出）。',
      '검사 결과는 음성(검출되지 않음)이어야 합니다.',
    ),
    AffectedFields: ['t.0', 't.0.tr'],
    Logic: onlyIf('payload.t.0', { '===': [{ var: 'payload.t.0.tr' }, NOT_DETECTED] }),
  },
  {
    ...base,
    Identifier: 'TR-KR-0003',
    Country: 'KR',
    CertificateType: 'Test',
    ValidFrom: '2021-02-24T00:00:00+09:00',
    Description: describe(
      'The sample must be taken within 72 hours before departure, counted by calendar day in Korean time (taken on day D: valid until the end of day D+3), and not after the check.',
      '采样须在出发前 72 小时内，按韩国时间的日历日计算（D 日采样：有效至 D+3 日结束），且不得晚于查验时间。',
      '검체 채취는 출발 전 72시간 이내여야 하며 한국 시간 기준 날짜로 계산합니다(D일 채취: D+3일 종료 시까지 유효). 확인 시각 이후여서는 안 됩니다.',
    ),
    AffectedFields: ['t.0', 't.0.sc'],
    Logic: onlyIf('payload.t.0', {
      and: [
        {
          'not-before': [
            { plusTime: [{ var: 'payload.t.0.sc' }, 0, 'hour'] },
            { plusTime: [{ var: 'external.validationDayStart' }, -3, 'day'] },
          ],
        },
        { 'not-after': [{ plusTime: [{ var: 'payload.t.0.sc' }, 0, 'hour'] }, clock()] },
      ],
    }),
  },
  {
    ...base,
    Identifier: 'VR-KR-0001',
    Country: 'KR',
    CertificateType: 'Vaccination',
    ValidFrom: '2021-07-01T00:00:00+09:00',
    ...COMPLETE_COURSE,
  },
  {
    ...base,
    Identifier: 'VR-KR-0002',
    Country: 'KR',
    CertificateType: 'Vaccination',
    ValidFrom: '2021-07-01T00:00:00+09:00',
    ...DAYS_SINCE_COURSE,
  },
  {
    ...base,
    Identifier: 'VR-KR-0003',
    Country: 'KR',
    CertificateType: 'Vaccination',
    ValidFrom: '2021-07-01T00:00:00+09:00',
    Description: describe(
      'The vaccine must be on the WHO Emergency Use Listing.',
      '疫苗必须列入世卫组织紧急使用清单。',
      '백신은 WHO 긴급사용목록에 등재된 것이어야 합니다.',
    ),
    AffectedFields: ['v.0', 'v.0.mp'],
    Logic: onlyIf('payload.v.0', { in: [{ var: 'payload.v.0.mp' }, WHO_EUL_VACCINES] }),
  },
  {
    ...base,
    Identifier: 'RR-KR-0001',
    Country: 'KR',
    CertificateType: 'Recovery',
    ValidFrom: '2021-07-01T00:00:00+09:00',
    ...RECOVERY_VALIDITY,
  },
];

/**
 * China: boarding rule of November 2020 (negative NAAT and negative IgM antibody test, both
 * sampled within 48 hours before boarding), plus illustrative vaccination and recovery rules.
 */
export const CN_RULES: readonly BusinessRule[] = [
  {
    ...base,
    Identifier: 'TR-CN-0001',
    Country: 'CN',
    CertificateType: 'Test',
    ValidFrom: '2020-11-06T00:00:00+08:00',
    Description: describe(
      'The test must be a nucleic acid amplification test (PCR).',
      '检测必须为核酸扩增检测（核酸检测）。',
      '검사는 핵산증폭검사(PCR)여야 합니다.',
    ),
    AffectedFields: ['t.0', 't.0.tt'],
    Logic: onlyIf('payload.t.0', { '===': [{ var: 'payload.t.0.tt' }, NAAT] }),
  },
  {
    ...base,
    Identifier: 'TR-CN-0002',
    Country: 'CN',
    CertificateType: 'Test',
    ValidFrom: '2020-11-06T00:00:00+08:00',
    Description: describe(
      'The nucleic acid test result must be negative (not detected).',
      '核酸检测结果必须为阴性（未检出）。',
      '핵산검사 결과는 음성(검출되지 않음)이어야 합니다.',
    ),
    AffectedFields: ['t.0', 't.0.tr'],
    Logic: onlyIf('payload.t.0', { '===': [{ var: 'payload.t.0.tr' }, NOT_DETECTED] }),
  },
  {
    ...base,
    Identifier: 'TR-CN-0003',
    Country: 'CN',
    CertificateType: 'Test',
    ValidFrom: '2020-11-06T00:00:00+08:00',
    Description: describe(
      'The nucleic acid sample must be taken within 48 hours before boarding, and not after the check.',
      '核酸检测采样须在登机前 48 小时内，且不得晚于查验时间。',
      '핵산검사 검체는 탑승 전 48시간 이내에 채취해야 하며 확인 시각 이후여서는 안 됩니다.',
    ),
    AffectedFields: ['t.0', 't.0.sc'],
    Logic: onlyIf('payload.t.0', {
      'not-after': [clock(-48), { plusTime: [{ var: 'payload.t.0.sc' }, 0, 'hour'] }, clock()],
    }),
  },
  {
    ...base,
    Identifier: 'TR-CN-0004',
    Country: 'CN',
    CertificateType: 'Test',
    ValidFrom: '2020-11-06T00:00:00+08:00',
    Description: describe(
      'A negative IgM antibody test sampled within 48 hours before boarding is also required; an EU DCC cannot carry it, so it must be attested separately (external.supplementary.igm).',
      '还须提供登机前 48 小时内采样的 IgM 抗体检测阴性结果；欧盟数字新冠证书无法承载该结果，须另行证明（external.supplementary.igm）。',
      '탑승 전 48시간 이내에 채취한 IgM 항체검사 음성 결과도 필요합니다. EU DCC에는 담을 수 없으므로 별도로 증명해야 합니다(external.supplementary.igm).',
    ),
    AffectedFields: [],
    Logic: {
      and: [
        { '===': [{ var: 'external.supplementary.igm.result' }, 'negative'] },
        {
          'not-after': [
            clock(-48),
            { plusTime: [{ var: 'external.supplementary.igm.sc' }, 0, 'hour'] },
            clock(),
          ],
        },
      ],
    },
  },
  {
    ...base,
    Identifier: 'VR-CN-0001',
    Country: 'CN',
    CertificateType: 'Vaccination',
    ValidFrom: '2021-03-15T00:00:00+08:00',
    ...COMPLETE_COURSE,
  },
  {
    ...base,
    Identifier: 'VR-CN-0002',
    Country: 'CN',
    CertificateType: 'Vaccination',
    ValidFrom: '2021-03-15T00:00:00+08:00',
    ...DAYS_SINCE_COURSE,
  },
  {
    ...base,
    Identifier: 'VR-CN-0003',
    Country: 'CN',
    CertificateType: 'Vaccination',
    ValidFrom: '2021-03-15T00:00:00+08:00',
    Description: describe(
      'The vaccine must be on the WHO Emergency Use Listing or authorised in China.',
      '疫苗必须列入世卫组织紧急使用清单或已在中国获批。',
      '백신은 WHO 긴급사용목록에 등재되었거나 중국에서 승인된 것이어야 합니다.',
    ),
    AffectedFields: ['v.0', 'v.0.mp'],
    Logic: onlyIf('payload.v.0', { in: [{ var: 'payload.v.0.mp' }, CN_VACCINES] }),
  },
  {
    ...base,
    Identifier: 'RR-CN-0001',
    Country: 'CN',
    CertificateType: 'Recovery',
    ValidFrom: '2021-03-15T00:00:00+08:00',
    ...RECOVERY_VALIDITY,
  },
];

/** Both example rule sets. */
export const FAST_TRACK_RULES: readonly BusinessRule[] = [...CN_RULES, ...KR_RULES];
