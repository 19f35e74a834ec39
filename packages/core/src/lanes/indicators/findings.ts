import type { FindingDefinition } from '../../report/finding.js';

/**
 * Finding codes of signed indicator documents: the numbers each side's health authority
 * publishes for the lane's circuit breakers. A document that is refused never reaches the
 * breaker, so each code says why a figure was not counted.
 */
export const INDICATOR_FINDINGS = {
  INDICATOR_TOO_LARGE: {
    layer: 'input',
    severity: 'error',
    messages: {
      en: 'The indicator document is {size} bytes long; at most {limit} are accepted.',
      zh: '指标文件长度为 {size} 字节，最多接受 {limit} 字节。',
      ko: '지표 문서 크기가 {size}바이트입니다. 최대 {limit}바이트까지 허용됩니다.',
    },
  },
  INDICATOR_NOT_SIGNED: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The indicator document is not signed (no COSE_Sign1 envelope); it was refused.',
      zh: '指标文件未签名（没有 COSE_Sign1 封装），已拒绝。',
      ko: '지표 문서에 서명이 없습니다(COSE_Sign1 봉투 없음). 거부되었습니다.',
    },
  },
  INDICATOR_WRONG_TYPE: {
    layer: 'cose',
    severity: 'error',
    messages: {
      en: 'The signed document is not an indicator document (content type "{type}").',
      zh: '该签名文件不是指标文件（内容类型 "{type}"）。',
      ko: '서명된 문서가 지표 문서가 아닙니다(콘텐츠 유형 "{type}").',
    },
  },
  INDICATOR_MALFORMED: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The indicator document is malformed ({reason}).',
      zh: '指标文件格式错误（{reason}）。',
      ko: '지표 문서 형식이 잘못되었습니다({reason}).',
    },
  },
  INDICATOR_DATE_INVALID: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The indicator document has an invalid or out-of-order date "{date}" (dates are YYYY-MM-DD, strictly increasing).',
      zh: '指标文件中的日期 "{date}" 无效或顺序错误（日期格式为 YYYY-MM-DD，且须严格递增）。',
      ko: '지표 문서의 날짜 "{date}"가 잘못되었거나 순서가 맞지 않습니다(날짜는 YYYY-MM-DD 형식이며 엄격히 증가해야 함).',
    },
  },
  INDICATOR_VALUE_INVALID: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The value for {date} is not an exact number (a whole number, or a fraction in lowest terms, at most 10^12).',
      zh: '{date} 的数值不是精确数（应为整数或最简分数，且不超过 10^12）。',
      ko: '{date}의 값이 정확한 수가 아닙니다(정수 또는 기약분수, 최대 10^12).',
    },
  },
  INDICATOR_LIMIT_EXCEEDED: {
    layer: 'input',
    severity: 'error',
    messages: {
      en: 'The indicator document exceeds a safety limit ({reason}).',
      zh: '指标文件超出安全限制（{reason}）。',
      ko: '지표 문서가 안전 한도를 초과했습니다({reason}).',
    },
  },
  INDICATOR_KEY_UNKNOWN: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The indicator document for {country} is signed with a key that is not an authority key of {country}.',
      zh: '{country} 的指标文件所用签名密钥不是 {country} 的主管机关密钥。',
      ko: '{country}의 지표 문서가 {country} 당국 키가 아닌 키로 서명되었습니다.',
    },
  },
  INDICATOR_SIGNATURE_INVALID: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The signature on the indicator document for {country} is not valid: the figures were altered or not signed by its authority.',
      zh: '{country} 指标文件的签名无效：数据已被篡改或并非由其主管机关签署。',
      ko: '{country} 지표 문서의 서명이 유효하지 않습니다: 수치가 변조되었거나 해당 당국이 서명하지 않았습니다.',
    },
  },
  INDICATOR_SEQUENCE_CONFLICT: {
    layer: 'trust',
    severity: 'warning',
    messages: {
      en: '{country} signed two different documents with sequence {sequence} for "{indicator}"; the one with the smaller digest is used. Keep both as evidence.',
      zh: '{country} 为 "{indicator}" 签署了两份序号同为 {sequence} 的不同文件；采用摘要较小的一份。请保留两份文件作为证据。',
      ko: '{country}가 "{indicator}"에 대해 순번 {sequence}인 서로 다른 문서 두 개에 서명했습니다. 다이제스트가 더 작은 문서를 사용합니다. 두 문서를 증거로 보관하십시오.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

/** A finding code of indicator documents. */
export type IndicatorCode = keyof typeof INDICATOR_FINDINGS;
