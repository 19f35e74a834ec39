import type { FindingDefinition } from '../report/finding.js';
import { findingMaker } from '../report/finding.js';

/** Finding codes of business-rule handling: rule documents, selection and results. */
export const RULES_FINDINGS = {
  RULE_INVALID: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Rule {identifier} is invalid: field {field} {reason}.',
      zh: '规则 {identifier} 无效：字段 {field} {reason}。',
      ko: '규칙 {identifier}이(가) 올바르지 않습니다: 필드 {field} {reason}.',
    },
  },
  RULE_LOGIC_INVALID: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Rule {identifier} has invalid logic: {reason}.',
      zh: '规则 {identifier} 的逻辑无效：{reason}。',
      ko: '규칙 {identifier}의 논리가 올바르지 않습니다: {reason}.',
    },
  },
  RULE_AFFECTED_FIELDS_MISMATCH: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Rule {identifier} lists affected fields that differ from the fields its logic reads (missing: {missing}; not read: {extra}).',
      zh: '规则 {identifier} 列出的受影响字段与其逻辑读取的字段不一致（缺少：{missing}；未读取：{extra}）。',
      ko: '규칙 {identifier}의 영향 필드가 논리가 읽는 필드와 다릅니다(누락: {missing}, 읽지 않음: {extra}).',
    },
  },
  RULE_VALIDITY_INVALID: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Rule {identifier} has an invalid validity period: {reason}.',
      zh: '规则 {identifier} 的有效期无效：{reason}。',
      ko: '규칙 {identifier}의 유효 기간이 올바르지 않습니다: {reason}.',
    },
  },
  RULE_ENGINE_UNSUPPORTED: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Rule {identifier} needs engine {engine} {version}, which this verifier does not support.',
      zh: '规则 {identifier} 需要引擎 {engine} {version}，本验证程序不支持。',
      ko: '규칙 {identifier}은(는) 이 검증기가 지원하지 않는 엔진 {engine} {version}이(가) 필요합니다.',
    },
  },
  RULE_FAILED: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Rule {identifier} is not met: {description}',
      zh: '不符合规则 {identifier}：{description}',
      ko: '규칙 {identifier}을(를) 충족하지 않습니다: {description}',
    },
  },
  RULE_OPEN: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Rule {identifier} could not be decided ({reason}): {description}',
      zh: '无法判定规则 {identifier}（{reason}）：{description}',
      ko: '규칙 {identifier}을(를) 판정할 수 없습니다({reason}): {description}',
    },
  },
  RULES_NONE_APPLICABLE: {
    layer: 'rules',
    severity: 'warning',
    messages: {
      en: 'No business rules of {country} apply at {at}; the certificate was not checked against entry rules.',
      zh: '{at} 时没有适用的 {country} 业务规则；证书未按入境规则检查。',
      ko: '{at} 시점에 적용되는 {country}의 업무 규칙이 없어 입국 규칙 검사를 하지 않았습니다.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

/** A code from {@link RULES_FINDINGS}. */
export type RulesFindingCode = keyof typeof RULES_FINDINGS;

/** Builds a finding from this module's table (the catalog merges the same definitions). */
export const rulesFinding = findingMaker(RULES_FINDINGS);
