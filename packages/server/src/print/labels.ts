/** Languages a printed certificate can carry: English always, plus the issuing country's. */
export type PrintLang = 'en' | 'zh' | 'ko';

/** A label in every printable language. */
export type PrintLabel = Readonly<Record<PrintLang, string>>;

/**
 * Every fixed wording on a printed health certificate, in English, Chinese and Korean. The PDF
 * takes its labels from here only, so a wording changes in one place.
 */
export const printLabels = {
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
} as const satisfies Record<string, PrintLabel>;

/** The name of a label in `printLabels`. */
export type PrintLabelKey = keyof typeof printLabels;
