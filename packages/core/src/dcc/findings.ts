import type { FindingDefinition } from '../report/finding.js';

/** Finding codes of the EU DCC payload checks: JSON schema and value sets. */
export const DCC_FINDINGS = {
  DCC_SCHEMA_INVALID: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The certificate content does not follow the EU DCC schema at {path}: {detail}.',
      zh: '证书内容在 {path} 处不符合欧盟数字新冠证书（EU DCC）数据格式：{detail}。',
      ko: '증명서 내용이 {path}에서 EU DCC 스키마를 따르지 않습니다: {detail}.',
    },
  },
  VALUESET_UNKNOWN_CODE: {
    layer: 'valueset',
    severity: 'warning',
    messages: {
      en: 'The code "{code}" at {path} is not in the value set {valueSetId}.',
      zh: '{path} 处的代码 "{code}" 不在值集 {valueSetId} 中。',
      ko: '{path}의 코드 "{code}"이(가) 값 집합 {valueSetId}에 없습니다.',
    },
  },
  VALUESET_MALFORMED: {
    layer: 'valueset',
    severity: 'error',
    messages: {
      en: 'The value set is malformed: {reason}.',
      zh: '值集格式错误：{reason}。',
      ko: '값 집합 형식이 잘못되었습니다: {reason}.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;
