import type { FindingDefinition } from '../report/finding.js';

/** Finding codes of WHO DDCC core data sets read from HC1 codes. */
export const DDCC_FINDINGS = {
  DDCC_PAYLOAD_INVALID: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The WHO DDCC data set is incomplete at {path}: {detail}.',
      zh: 'WHO DDCC 数据集在 {path} 处不完整：{detail}。',
      ko: 'WHO DDCC 데이터 세트의 {path} 항목이 불완전합니다: {detail}.',
    },
  },
  DDCC_NOT_YET_VALID: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The certificate is valid only from {validFrom}.',
      zh: '该证书自 {validFrom} 起才生效。',
      ko: '이 증명서는 {validFrom}부터 유효합니다.',
    },
  },
  DDCC_EXPIRED: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The certificate was valid until {validUntil}.',
      zh: '该证书的有效期至 {validUntil} 为止。',
      ko: '이 증명서는 {validUntil}까지 유효했습니다.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

export type DdccFindingCode = keyof typeof DDCC_FINDINGS;
