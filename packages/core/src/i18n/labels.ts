/**
 * Every fixed wording Corridor shows a person, in English, Chinese and Korean: one module for
 * the CLI, the printed certificate, policy explanations, verification findings' type names and
 * the web app. Findings carry their own messages (each domain's `findings.ts`); everything else
 * a person reads is here. `labels.test.ts` checks that every key exists in all three languages
 * with the same placeholders.
 */
import type { Lang } from '../report/finding.js';

/** A wording in every supported language; `{name}` placeholders are filled by the caller. */
export type Label = Readonly<Record<Lang, string>>;

/** Certificate types as findings name them inside a sentence. */
export const CERTIFICATE_TYPE_NAMES = {
  vaccination: { en: 'vaccination', zh: '疫苗接种', ko: '예방접종' },
  test: { en: 'test', zh: '检测', ko: '검사' },
  recovery: { en: 'recovery', zh: '康复', ko: '회복' },
} as const satisfies Record<string, Label>;

/** The human-readable decision the CLI prints (`corridor verify`). */
export const CLI_LABELS = {
  valid: { en: 'VALID', zh: '有效', ko: '유효' },
  invalid: { en: 'INVALID', zh: '无效', ko: '유효하지 않음' },
  holder: { en: 'Holder', zh: '持有人', ko: '소지자' },
  born: { en: 'born', zh: '出生日期', ko: '생년월일' },
  certificate: { en: 'Certificate', zh: '证书类型', ko: '증명서 종류' },
  issuer: { en: 'Issuer', zh: '签发方', ko: '발급자' },
  issued: { en: 'Issued', zh: '签发时间', ko: '발급 시각' },
  expires: { en: 'Expires', zh: '到期时间', ko: '만료 시각' },
  signedBy: { en: 'Signed by', zh: '签名证书', ko: '서명 인증서' },
  checkedAt: { en: 'Checked at', zh: '验证时间', ko: '검증 시각' },
  reasons: { en: 'Reasons', zh: '原因', ko: '사유' },
  noProblems: {
    en: 'All checks passed.',
    zh: '所有检查均已通过。',
    ko: '모든 검사를 통과했습니다.',
  },
  vaccination: { en: 'Vaccination', zh: '疫苗接种', ko: '예방접종' },
  test: { en: 'Test', zh: '检测', ko: '검사' },
  recovery: { en: 'Recovery', zh: '康复', ko: '회복' },
  unknownType: { en: 'Unknown', zh: '未知', ko: '알 수 없음' },
  dose: { en: 'dose', zh: '剂次', ko: '접종 차수' },
  result: { en: 'result', zh: '结果', ko: '결과' },
  sampled: { en: 'sampled', zh: '采样时间', ko: '채취 시각' },
  validFrom: { en: 'valid from', zh: '有效期自', ko: '유효 기간 시작' },
  until: { en: 'until', zh: '至', ko: '종료' },
  firstPositive: { en: 'first positive test', zh: '首次阳性检测', ko: '최초 양성 검사' },
} as const satisfies Record<string, Label>;

/**
 * Every fixed wording on a printed health certificate. The PDF takes its labels from here only,
 * so a wording changes in one place.
 */
export const PRINT_LABELS = {
  title: {
    en: 'EU Digital COVID Certificate',
    zh: '欧盟数字新冠证书',
    ko: 'EU 디지털 코로나19 증명서',
  },
  vaccination: { en: 'Vaccination certificate', zh: '疫苗接种证书', ko: '예방접종 증명서' },
  test: { en: 'Test certificate', zh: '检测证书', ko: '검사 증명서' },
  recovery: { en: 'Recovery certificate', zh: '康复证书', ko: '회복 증명서' },
  holder: { en: 'Certificate holder', zh: '持证人', ko: '증명서 소지자' },
  name: { en: 'Name', zh: '姓名', ko: '성명' },
  nameTransliterated: {
    en: 'Name (standardised)',
    zh: '姓名（标准化拼写）',
    ko: '성명(표준 표기)',
  },
  dateOfBirth: { en: 'Date of birth', zh: '出生日期', ko: '생년월일' },
  certificateType: { en: 'Certificate type', zh: '证书类型', ko: '증명서 종류' },
  details: { en: 'Certificate details', zh: '证书详情', ko: '증명서 세부 정보' },
  disease: {
    en: 'Disease or agent targeted',
    zh: '针对的疾病或病原体',
    ko: '대상 질병 또는 병원체',
  },
  vaccine: { en: 'Vaccine or prophylaxis', zh: '疫苗或预防措施', ko: '백신 또는 예방 수단' },
  vaccineProduct: { en: 'Vaccine product', zh: '疫苗产品', ko: '백신 제품' },
  vaccineManufacturer: {
    en: 'Marketing authorisation holder or manufacturer',
    zh: '上市许可持有人或生产商',
    ko: '판매 허가 보유자 또는 제조사',
  },
  doses: { en: 'Dose number / total doses', zh: '剂次 / 总剂次', ko: '접종 차수 / 총 접종 횟수' },
  vaccinationDate: { en: 'Date of vaccination', zh: '接种日期', ko: '접종일' },
  testType: { en: 'Type of test', zh: '检测类型', ko: '검사 종류' },
  testName: { en: 'Test name', zh: '检测名称', ko: '검사명' },
  testDevice: { en: 'Test device', zh: '检测试剂', ko: '검사 기기' },
  sampleCollected: {
    en: 'Date and time of sample collection',
    zh: '采样日期和时间',
    ko: '검체 채취 일시',
  },
  testResult: { en: 'Test result', zh: '检测结果', ko: '검사 결과' },
  testingCentre: { en: 'Testing centre or facility', zh: '检测机构', ko: '검사 기관' },
  firstPositive: {
    en: 'Date of first positive test',
    zh: '首次检测阳性日期',
    ko: '최초 양성 판정일',
  },
  validFrom: { en: 'Valid from', zh: '有效期自', ko: '유효 기간 시작' },
  validUntil: { en: 'Valid until', zh: '有效期至', ko: '유효 기간 종료' },
  country: { en: 'Member state or country', zh: '国家或地区', ko: '국가 또는 지역' },
  certificateIssuer: { en: 'Certificate issuer', zh: '证书签发者', ko: '증명서 발급자' },
  uci: { en: 'Unique certificate identifier', zh: '证书唯一标识符', ko: '고유 증명서 식별자' },
  issuedBy: { en: 'Issued by', zh: '签发机构', ko: '발급 기관' },
  issuedAt: { en: 'Date of issue', zh: '签发日期', ko: '발급일' },
  expiresAt: { en: 'Date of expiry', zh: '失效日期', ko: '만료일' },
  verifyNote: {
    en: 'Verifiers check the QR code, not the printed text: its digital signature proves the certificate. The text above is for reading only.',
    zh: '核验方核验的是二维码而非打印文字：二维码中的数字签名证明本证书的真实性。上方文字仅供阅读。',
    ko: '검증자는 인쇄된 글이 아니라 QR 코드를 확인합니다. QR 코드의 전자서명이 증명서의 진위를 증명하며, 위의 글은 읽기용입니다.',
  },
  scanHere: { en: 'Scan to verify', zh: '扫码核验', ko: '스캔하여 검증' },
} as const satisfies Record<string, Label>;

/** Every fixed wording on a printed entry pass (`server/src/print/pass-pdf.ts`). */
export const PASS_PRINT_LABELS = {
  title: { en: 'Fast-track entry pass', zh: '快捷通道入境许可', ko: '신속통로 입국 허가증' },
  lane: { en: 'Lane and version', zh: '通道及版本', ko: '통로 및 버전' },
  journey: { en: 'Journey', zh: '行程', ko: '여정' },
  category: { en: 'Category', zh: '类别', ko: '범주' },
  port: { en: 'Port of entry', zh: '入境口岸', ko: '입국 항구' },
  region: { en: 'Destination region', zh: '目的地区', ko: '목적지 지역' },
  window: { en: 'Entry window', zh: '入境时间窗', ko: '입국 기간' },
  exemption: { en: 'Quarantine exemption', zh: '免除隔离', ko: '격리 면제' },
  exemptionDays: { en: '{d} days', zh: '{d} 天', ko: '{d}일' },
  sponsor: { en: 'Sponsor', zh: '邀请单位', ko: '초청 기관' },
  authority: { en: 'Approving authority', zh: '审批机关', ko: '승인 기관' },
  passId: { en: 'Pass identifier', zh: '许可编号', ko: '허가증 번호' },
  verifyNote: {
    en: 'Checked with the passport at boarding and on arrival: the QR code is signed and bound to the passport (its number is not printed). The text above is for reading only.',
    zh: '登机和入境时与护照一并核验：二维码经数字签名并与护照绑定（不打印护照号码）。上方文字仅供阅读。',
    ko: '탑승 및 입국 시 여권과 함께 확인합니다. QR 코드는 전자서명되어 여권과 연결되어 있습니다(여권 번호는 인쇄하지 않음). 위의 글은 읽기용입니다.',
  },
} as const satisfies Record<string, Label>;

/** Names of the credential kinds, as policy requirement texts use them. */
export const POLICY_KIND_NAMES = {
  'entry-pass': { en: 'an entry pass', zh: '入境通行证', ko: '입국 허가증' },
  vaccination: { en: 'a vaccination certificate', zh: '疫苗接种证明', ko: '예방접종 증명서' },
  test: { en: 'a test certificate', zh: '检测证明', ko: '검사 증명서' },
  recovery: { en: 'a recovery certificate', zh: '康复证明', ko: '회복 증명서' },
} as const satisfies Record<string, Label>;

/** Message templates of policy explanations (`{name}` placeholders as in findings). */
export const POLICY_TEXTS = {
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
} as const satisfies Record<string, Label>;

/** The rules and policy sections and format names of `corridor verify`'s readable report. */
export const REPORT_TEXTS = {
  rules: { en: 'Entry rules', zh: '入境规则', ko: '입국 규칙' },
  applied: {
    en: '{n} applied: {passed} passed, {failed} failed, {open} undecided',
    zh: '适用 {n} 条：{passed} 条通过，{failed} 条不符合，{open} 条无法判定',
    ko: '{n}개 적용: 통과 {passed}, 불충족 {failed}, 판정 불가 {open}',
  },
  noRules: { en: 'none applied', zh: '无适用规则', ko: '적용 규칙 없음' },
  fieldsRead: { en: 'fields read', zh: '读取字段', ko: '읽은 필드' },
  satisfied: { en: 'POLICY SATISFIED', zh: '符合入境策略', ko: '입국 정책 충족' },
  notSatisfied: { en: 'POLICY NOT SATISFIED', zh: '不符合入境策略', ko: '입국 정책 미충족' },
  presented: { en: 'Presented', zh: '所出示凭证', ko: '제시한 증명서' },
  requirements: { en: 'Requirements', zh: '要求', ko: '요건' },
  metBy: { en: 'met by', zh: '满足凭证', ko: '충족 증명서' },
  entryPass: { en: 'Entry pass', zh: '入境通行证', ko: '입국 허가증' },
  format: { en: 'Format', zh: '格式', ko: '형식' },
  key: { en: 'Key', zh: '密钥', ko: '키' },
  shc: { en: 'SMART Health Card', zh: 'SMART 健康卡', ko: 'SMART 건강 카드' },
  nzcp: { en: 'NZ COVID Pass', zh: '新西兰新冠通行证', ko: '뉴질랜드 코로나 패스' },
  'vds-nc': { en: 'ICAO VDS-NC seal', zh: 'ICAO VDS-NC 电子封签', ko: 'ICAO VDS-NC 봉인' },
  divoc: { en: 'DIVOC credential', zh: 'DIVOC 凭证', ko: 'DIVOC 증명서' },
  passNoDetails: {
    en: '{type} (states the pass requirements were met; no vaccine or dose details)',
    zh: '{type}（仅表明符合通行证要求，不含疫苗或剂次信息）',
    ko: '{type} (패스 요건 충족만 표시, 백신·접종 차수 정보 없음)',
  },
} as const satisfies Record<string, Label>;

/** The lane checkpoint decision screen (`corridor check`), as an airline agent or officer reads it. */
export const CHECKPOINT_TEXTS = {
  admit: { en: 'ADMIT', zh: '准予通行', ko: '통과 허용' },
  refuse: { en: 'REFUSE', zh: '拒绝', ko: '거부' },
  refer: { en: 'REFER', zh: '转人工核查', ko: '담당관 확인' },
  boarding: { en: 'boarding', zh: '登机', ko: '탑승' },
  arrival: { en: 'arrival', zh: '入境', ko: '입국' },
  lane: { en: 'Lane', zh: '通道', ko: '통로' },
  version: { en: 'version', zh: '版本', ko: '버전' },
  pass: { en: 'Entry pass', zh: '入境许可', ko: '입국 허가증' },
  credential: { en: 'Certificate #{i}', zh: '健康证明 #{i}', ko: '증명서 #{i}' },
  valid: { en: 'valid', zh: '有效', ko: '유효' },
  invalid: { en: 'invalid', zh: '无效', ko: '무효' },
  policy: { en: 'Health policy', zh: '健康政策', ko: '보건 정책' },
  satisfied: { en: 'satisfied', zh: '满足', ko: '충족' },
  notSatisfied: { en: 'not satisfied', zh: '不满足', ko: '미충족' },
  reasons: { en: 'Reasons', zh: '原因', ko: '사유' },
  protocol: { en: 'Arrival protocol', zh: '入境防疫措施', ko: '입국 방역 절차' },
  test: { en: 'test on arrival ({type})', zh: '入境检测（{type}）', ko: '입국 시 검사 ({type})' },
  noTest: { en: 'no test on arrival', zh: '入境无需检测', ko: '입국 검사 없음' },
  hold: {
    en: 'hold {h} h awaiting the result',
    zh: '等待结果期间留观 {h} 小时',
    ko: '결과 대기 {h}시간 격리',
  },
  monitoring: {
    en: 'health monitoring for {d} days',
    zh: '健康监测 {d} 天',
    ko: '{d}일간 건강 모니터링',
  },
} as const satisfies Record<string, Label>;

/** `corridor lane status|indicators|breaker`: a lane's breakers and what was published. */
export const LANE_STATUS_TEXTS = {
  lane: {
    en: 'Lane {lane} version {version}',
    zh: '通道 {lane} 第 {version} 版',
    ko: '통로 {lane} 버전 {version}',
  },
  at: { en: 'at {at}', zh: '时间 {at}', ko: '시점 {at}' },
  noLane: {
    en: 'No version of lane {lane} is in force at {at}.',
    zh: '通道 {lane} 在 {at} 没有生效的版本。',
    ko: '통로 {lane}은(는) {at}에 유효한 버전이 없습니다.',
  },
  noLanes: {
    en: 'The bundle carries no lane.',
    zh: '该信任包不含任何通道。',
    ko: '이 신뢰 번들에는 통로가 없습니다.',
  },
  noBreakers: {
    en: 'This version names no circuit breaker.',
    zh: '此版本未规定熔断机制。',
    ko: '이 버전에는 서킷 브레이커가 없습니다.',
  },
  phase: { en: 'State', zh: '状态', ko: '상태' },
  closed: {
    en: 'open (no breaker in force)',
    zh: '正常开放（无熔断）',
    ko: '정상 운영(브레이커 없음)',
  },
  announced: { en: 'breaker announced', zh: '已宣布熔断', ko: '브레이커 발표됨' },
  suspended: { en: 'suspended', zh: '已暂停', ko: '중단됨' },
  resuming: {
    en: 'suspended, awaiting the resumption figures',
    zh: '暂停中，等待恢复评估数据',
    ko: '중단 중, 재개 판단 수치 대기',
  },
  blocked: { en: 'Blocked', zh: '已阻止', ko: '차단됨' },
  nothing: { en: 'nothing', zh: '无', ko: '없음' },
  applications: { en: 'new applications', zh: '新申请', ko: '신규 신청' },
  'new-passes': { en: 'new passes', zh: '新许可', ko: '신규 허가증' },
  entry: { en: 'entry', zh: '入境', ko: '입국' },
  breaker: { en: 'Breaker {id}', zh: '熔断机制 {id}', ko: '브레이커 {id}' },
  effective: { en: 'effective {at}', zh: '{at} 生效', ko: '{at} 발효' },
  plannedEnd: { en: 'planned end {at}', zh: '计划结束 {at}', ko: '종료 예정 {at}' },
  history: { en: 'History', zh: '历史', ko: '이력' },
  signals: {
    en: '{indicators} indicator documents, {overrides} overrides',
    zh: '{indicators} 份指标文件，{overrides} 项人工干预',
    ko: '지표 문서 {indicators}건, 수동 조치 {overrides}건',
  },
  published: {
    en: 'Published: trust version {version}, digest {digest}',
    zh: '已发布：信任版本 {version}，摘要 {digest}',
    ko: '게시됨: 신뢰 버전 {version}, 다이제스트 {digest}',
  },
  repeated: {
    en: 'Already published (trust version {version}, digest {digest})',
    zh: '此前已发布（信任版本 {version}，摘要 {digest}）',
    ko: '이미 게시됨(신뢰 버전 {version}, 다이제스트 {digest})',
  },
  refused: {
    en: 'Refused by the gateway: {code} ({detail})',
    zh: '网关拒绝：{code}（{detail}）',
    ko: '게이트웨이 거부: {code} ({detail})',
  },
} as const satisfies Record<string, Label>;

/** `corridor gateway formats`: a participant's trust for the other credential formats. */
export const FORMAT_TRUST_TEXTS = {
  uploaded: {
    en: 'Uploaded {format} trust for {subject}: trust version {version}',
    zh: '已上传 {format} 信任材料（{subject}）：信任版本 {version}',
    ko: '{format} 신뢰 자료 업로드됨({subject}): 신뢰 버전 {version}',
  },
  replaced: {
    en: 'Replaced {format} trust for {subject}: trust version {version}',
    zh: '已替换 {format} 信任材料（{subject}）：信任版本 {version}',
    ko: '{format} 신뢰 자료 교체됨({subject}): 신뢰 버전 {version}',
  },
  withdrawn: {
    en: 'Withdrew {format} trust for {subject}: trust version {version}',
    zh: '已撤回 {format} 信任材料（{subject}）：信任版本 {version}',
    ko: '{format} 신뢰 자료 철회됨({subject}): 신뢰 버전 {version}',
  },
  refused: {
    en: 'Refused by the gateway: {code} ({detail})',
    zh: '网关拒绝：{code}（{detail}）',
    ko: '게이트웨이 거부: {code} ({detail})',
  },
  none: {
    en: 'No trust of other formats at the gateway',
    zh: '网关上没有其他格式的信任材料',
    ko: '게이트웨이에 다른 형식의 신뢰 자료가 없음',
  },
} as const satisfies Record<string, Label>;

/** Every table of this module, by name (for the completeness test and for translators). */
/**
 * The closed-loop monitoring after release (server `lanes/monitoring`): the traveller's daily
 * report (temperature bands, symptom codes) and the local authority's escalation kinds.
 */
export const MONITORING_TEXTS = {
  normal: { en: 'Normal (below 37.3 °C)', zh: '正常（低于 37.3 °C）', ko: '정상 (37.3 °C 미만)' },
  elevated: {
    en: 'Elevated (37.3–37.9 °C)',
    zh: '低热（37.3–37.9 °C）',
    ko: '미열 (37.3–37.9 °C)',
  },
  fever: { en: 'Fever (38 °C or more)', zh: '发热（38 °C 及以上）', ko: '발열 (38 °C 이상)' },
  cough: { en: 'Cough', zh: '咳嗽', ko: '기침' },
  'sore-throat': { en: 'Sore throat', zh: '咽痛', ko: '인후통' },
  'shortness-of-breath': { en: 'Shortness of breath', zh: '呼吸急促', ko: '호흡 곤란' },
  'loss-of-smell-or-taste': {
    en: 'Loss of smell or taste',
    zh: '嗅觉或味觉丧失',
    ko: '후각 또는 미각 상실',
  },
  fatigue: { en: 'Fatigue', zh: '乏力', ko: '피로' },
  'muscle-pain': { en: 'Muscle pain', zh: '肌肉酸痛', ko: '근육통' },
  headache: { en: 'Headache', zh: '头痛', ko: '두통' },
  diarrhoea: { en: 'Diarrhoea', zh: '腹泻', ko: '설사' },
  'runny-nose': { en: 'Runny nose', zh: '流涕', ko: '콧물' },
  chills: { en: 'Chills', zh: '寒战', ko: '오한' },
  'missed-report': {
    en: 'Missed daily report (day {day})',
    zh: '未按时健康申报（第 {day} 天）',
    ko: '일일 보고 누락 ({day}일차)',
  },
  symptoms: {
    en: 'Symptoms reported (day {day})',
    zh: '申报有症状（第 {day} 天）',
    ko: '증상 보고 ({day}일차)',
  },
  'outside-itinerary': {
    en: 'Outside the declared itinerary (day {day})',
    zh: '超出申报行程范围（第 {day} 天）',
    ko: '신고된 일정 범위 이탈 ({day}일차)',
  },
  'positive-test': {
    en: 'Positive test: exemption ended (day {day})',
    zh: '检测阳性：豁免终止（第 {day} 天）',
    ko: '검사 양성: 격리 면제 종료 ({day}일차)',
  },
  'close-contact': {
    en: 'Close contact: exemption ended (day {day})',
    zh: '密切接触者：豁免终止（第 {day} 天）',
    ko: '밀접 접촉자: 격리 면제 종료 ({day}일차)',
  },
  overdue: { en: 'overdue', zh: '已逾期', ko: '기한 초과' },
} as const satisfies Record<string, Label>;

export const LABEL_TABLES = {
  certificateTypes: CERTIFICATE_TYPE_NAMES,
  cli: CLI_LABELS,
  print: PRINT_LABELS,
  passPrint: PASS_PRINT_LABELS,
  policyKinds: POLICY_KIND_NAMES,
  policyTexts: POLICY_TEXTS,
  report: REPORT_TEXTS,
  checkpoint: CHECKPOINT_TEXTS,
  laneStatus: LANE_STATUS_TEXTS,
  formatTrust: FORMAT_TRUST_TEXTS,
  monitoring: MONITORING_TEXTS,
} as const satisfies Record<string, Record<string, Label>>;

/** A label of `table` in `lang`, its `{name}` placeholders filled from `params`. */
export function labelText<T extends Record<string, Label>>(
  table: T,
  key: keyof T,
  lang: Lang,
  params: Record<string, string | number> = {},
): string {
  return table[key]![lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
