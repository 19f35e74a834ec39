import type { Lang } from '@corridor/core/report/finding';

/** Labels of the human-readable decision the CLI prints, in every supported language. */
export const LABELS = {
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
} as const satisfies Record<string, Record<Lang, string>>;

export function label(key: keyof typeof LABELS, lang: Lang): string {
  return LABELS[key][lang];
}
