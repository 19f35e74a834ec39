import type { FindingDefinition } from '../report/finding.js';
import { findingMaker } from '../report/finding.js';

/** Finding codes of the CertLogic engine: expression validation and evaluation. */
export const CERTLOGIC_FINDINGS = {
  CERTLOGIC_INVALID_EXPRESSION: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'The CertLogic expression is invalid: {reason}.',
      zh: 'CertLogic 表达式无效：{reason}。',
      ko: 'CertLogic 식이 올바르지 않습니다: {reason}.',
    },
  },
  CERTLOGIC_UNKNOWN_OPERATION: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'The CertLogic expression uses the unknown operation "{operator}".',
      zh: 'CertLogic 表达式使用了未知操作 "{operator}"。',
      ko: 'CertLogic 식에 알 수 없는 연산 "{operator}"이(가) 사용되었습니다.',
    },
  },
  CERTLOGIC_TOO_COMPLEX: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'The CertLogic expression exceeds a safety limit: {reason} (limit {limit}).',
      zh: 'CertLogic 表达式超出安全限制：{reason}（上限 {limit}）。',
      ko: 'CertLogic 식이 안전 한도를 초과했습니다: {reason} (한도 {limit}).',
    },
  },
  CERTLOGIC_EVALUATION_ERROR: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'The CertLogic expression could not be evaluated: {reason}.',
      zh: '无法计算 CertLogic 表达式：{reason}。',
      ko: 'CertLogic 식을 평가할 수 없습니다: {reason}.',
    },
  },
  CERTLOGIC_BUDGET_EXCEEDED: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Evaluation was stopped: it exceeded the {budget} budget of {limit}.',
      zh: '计算已停止：超出了 {budget} 预算 {limit}。',
      ko: '평가가 중단되었습니다: {budget} 예산 {limit}을(를) 초과했습니다.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

/** A code from {@link CERTLOGIC_FINDINGS}. */
export type CertLogicFindingCode = keyof typeof CERTLOGIC_FINDINGS;

/** Builds a finding from this module's table (the catalog merges the same definitions). */
export const certLogicFinding = findingMaker(CERTLOGIC_FINDINGS);
