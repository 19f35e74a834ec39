import type { FindingDefinition } from '../report/finding.js';

/** Finding codes of reading a passport's machine-readable zone (ICAO 9303 TD3). */
export const MRZ_FINDINGS = {
  MRZ_MISSING: {
    layer: 'mrz',
    severity: 'error',
    messages: {
      en: 'No passport machine-readable zone was given.',
      zh: '未提供护照机读区。',
      ko: '여권 기계판독영역이 제공되지 않았습니다.',
    },
  },
  MRZ_TOO_LARGE: {
    layer: 'mrz',
    severity: 'error',
    messages: {
      en: 'The machine-readable zone is {size} characters long; at most {limit} are accepted.',
      zh: '机读区长度为 {size} 个字符，最多接受 {limit} 个。',
      ko: '기계판독영역 길이가 {size}자입니다. 최대 {limit}자까지 허용됩니다.',
    },
  },
  MRZ_FORMAT_INVALID: {
    layer: 'mrz',
    severity: 'error',
    messages: {
      en: 'This is not a passport machine-readable zone of two lines of 44 characters ({reason}).',
      zh: '这不是由两行各 44 个字符组成的护照机读区（{reason}）。',
      ko: '44자 두 줄로 된 여권 기계판독영역이 아닙니다({reason}).',
    },
  },
  MRZ_NOT_PASSPORT: {
    layer: 'mrz',
    severity: 'error',
    messages: {
      en: 'The document code is "{code}"; a passport (TD3) begins with "P".',
      zh: '证件代码为 "{code}"；护照（TD3）应以 "P" 开头。',
      ko: '문서 코드가 "{code}"입니다. 여권(TD3)은 "P"로 시작합니다.',
    },
  },
  MRZ_CHECK_DIGIT_INVALID: {
    layer: 'mrz',
    severity: 'error',
    messages: {
      en: 'The machine-readable zone was misread or altered: check digit wrong for {fields}.',
      zh: '机读区读取有误或被篡改：{fields} 的校验位错误。',
      ko: '기계판독영역이 잘못 읽혔거나 변조되었습니다: {fields}의 검사 숫자가 틀립니다.',
    },
  },
  MRZ_DATE_INVALID: {
    layer: 'mrz',
    severity: 'error',
    messages: {
      en: 'The {field} "{value}" in the machine-readable zone is not a date.',
      zh: '机读区中的 {field} "{value}" 不是有效日期。',
      ko: '기계판독영역의 {field} "{value}"은(는) 올바른 날짜가 아닙니다.',
    },
  },
  MRZ_DOCUMENT_EXPIRED: {
    layer: 'mrz',
    severity: 'error',
    messages: {
      en: 'The passport expired on {expiry}.',
      zh: '护照已于 {expiry} 过期。',
      ko: '여권이 {expiry}에 만료되었습니다.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

/** A code from {@link MRZ_FINDINGS}. */
export type MrzCode = keyof typeof MRZ_FINDINGS;
