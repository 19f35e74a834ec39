import { registerFindings } from '../report/catalog.js';
import type { FindingDefinition } from '../report/finding.js';

/**
 * Finding codes of the transparency log: a signed tree head that cannot be read, two views of a
 * log that contradict each other, and proofs that do not verify.
 */
export const TRANSPARENCY_FINDINGS = {
  TLOG_HEAD_MALFORMED: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The signed tree head of the transparency log is malformed ({reason}).',
      zh: '透明日志的签名树头格式错误（{reason}）。',
      ko: '투명성 로그의 서명된 트리 헤드 형식이 잘못되었습니다({reason}).',
    },
  },
  TLOG_LOG_MISMATCH: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The tree head belongs to transparency log "{actual}", not "{expected}".',
      zh: '该树头属于透明日志 "{actual}"，而不是 "{expected}"。',
      ko: '이 트리 헤드는 "{expected}"가 아니라 투명성 로그 "{actual}"의 것입니다.',
    },
  },
  TLOG_FORK_DETECTED: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'Transparency log "{logId}" signed two different roots for tree size {size}: it shows different views to different parties. Keep both signed tree heads as evidence.',
      zh: '透明日志 "{logId}" 为树大小 {size} 签署了两个不同的根：它向不同参与方展示了不同的视图。请保留这两个签名树头作为证据。',
      ko: '투명성 로그 "{logId}"가 트리 크기 {size}에 대해 서로 다른 두 루트에 서명했습니다: 참여자마다 다른 내용을 보여 주고 있습니다. 두 서명된 트리 헤드를 증거로 보관하십시오.',
    },
  },
  TLOG_PROOF_INVALID: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'Transparency log "{logId}" did not prove that its tree of size {newSize} extends the tree of size {oldSize}. Unless the proof was damaged in transit, the log has rewritten its history; ask it again and keep both signed tree heads.',
      zh: '透明日志 "{logId}" 未能证明其大小为 {newSize} 的树是大小为 {oldSize} 的树的延续。除非证明在传输中损坏，否则该日志已改写历史；请重新请求，并保留这两个签名树头。',
      ko: '투명성 로그 "{logId}"가 크기 {newSize}의 트리가 크기 {oldSize}의 트리를 이어 간다는 것을 증명하지 못했습니다. 증명이 전송 중 손상된 것이 아니라면 로그가 이력을 고쳐 쓴 것입니다. 다시 요청하고 두 서명된 트리 헤드를 보관하십시오.',
    },
  },
  TLOG_INCLUSION_INVALID: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The entry is not proven to be entry {index} of transparency log "{logId}" at tree size {treeSize}.',
      zh: '无法证明该条目是透明日志 "{logId}" 在树大小 {treeSize} 时的第 {index} 个条目。',
      ko: '이 항목이 트리 크기 {treeSize}에서 투명성 로그 "{logId}"의 {index}번 항목임이 증명되지 않았습니다.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

/** A finding code of the transparency log. */
export type TransparencyCode = keyof typeof TRANSPARENCY_FINDINGS;

// Joins the catalog when this module loads (`report/catalog.ts`).
registerFindings(TRANSPARENCY_FINDINGS);
