import type { FindingDefinition } from '../report/finding.js';

/** Finding codes of entry policies evaluated over several presented credentials. */
export const POLICY_FINDINGS = {
  POLICY_INVALID: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'The entry policy is malformed: {reason}.',
      zh: '入境策略格式错误：{reason}。',
      ko: '입국 정책 형식이 잘못되었습니다: {reason}.',
    },
  },
  POLICY_SATISFIED: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'The presented credentials satisfy entry policy {policy}.',
      zh: '所出示的凭证符合入境策略 {policy}。',
      ko: '제시한 증명서가 입국 정책 {policy}을(를) 충족합니다.',
    },
  },
  POLICY_NOT_SATISFIED: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'The {count} presented credential(s) do not satisfy entry policy {policy}.',
      zh: '所出示的 {count} 份凭证不符合入境策略 {policy}。',
      ko: '제시한 증명서 {count}건이 입국 정책 {policy}을(를) 충족하지 않습니다.',
    },
  },
  POLICY_REQUIREMENT_MISSING: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Missing: {requirement} ({reasons}).',
      zh: '缺少：{requirement}（{reasons}）。',
      ko: '누락: {requirement} ({reasons}).',
    },
  },
  POLICY_CREDENTIAL_INVALID: {
    layer: 'rules',
    severity: 'warning',
    messages: {
      en: 'Presented credential #{index} is not valid and was not counted ({codes}).',
      zh: '所出示的第 {index} 份凭证无效，未予计入（{codes}）。',
      ko: '제시한 {index}번째 증명서는 유효하지 않아 인정되지 않았습니다({codes}).',
    },
  },
  POLICY_HOLDER_MISMATCH: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Credentials #{first} and #{other} name different people ({field} differs).',
      zh: '第 {first} 份与第 {other} 份凭证的持有人不一致（{field} 不同）。',
      ko: '{first}번째와 {other}번째 증명서의 소지자가 다릅니다({field} 불일치).',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

/** A code from {@link POLICY_FINDINGS}. */
export type PolicyFindingCode = keyof typeof POLICY_FINDINGS;
