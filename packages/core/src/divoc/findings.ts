import type { FindingDefinition } from '../report/finding.js';

/**
 * Finding codes of DIVOC verification: the QR's ZIP container, the W3C Verifiable Credential,
 * its JSON-LD canonicalisation, the detached-JWS proof and the credential's dates. Generic
 * input codes (`INPUT_EMPTY`, `INPUT_TOO_LARGE`) come from `hcert/findings.ts`.
 */
export const DIVOC_FINDINGS = {
  DIVOC_ZIP_MALFORMED: {
    layer: 'compression',
    severity: 'error',
    messages: {
      en: 'The DIVOC code is a damaged ZIP archive ({reason}).',
      zh: 'DIVOC 二维码中的 ZIP 压缩包已损坏（{reason}）。',
      ko: 'DIVOC 코드의 ZIP 압축 파일이 손상되었습니다({reason}).',
    },
  },
  DIVOC_ZIP_ENTRY_REFUSED: {
    layer: 'compression',
    severity: 'error',
    messages: {
      en: 'The DIVOC ZIP archive must hold exactly one file, "certificate.json"; it holds "{name}" and was refused.',
      zh: 'DIVOC ZIP 压缩包只能包含一个文件 "certificate.json"；其中包含 "{name}"，已拒绝。',
      ko: 'DIVOC ZIP 압축 파일에는 "certificate.json" 파일 하나만 있어야 합니다. "{name}"이(가) 있어 거부되었습니다.',
    },
  },
  DIVOC_ZIP_LIMIT: {
    layer: 'compression',
    severity: 'error',
    messages: {
      en: 'The DIVOC certificate decompresses to more than {limit} bytes and was refused.',
      zh: 'DIVOC 证书解压后超过 {limit} 字节，已拒绝。',
      ko: 'DIVOC 증명서의 압축 해제 크기가 {limit}바이트를 초과하여 거부되었습니다.',
    },
  },
  DIVOC_JSON_MALFORMED: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The DIVOC certificate is not valid JSON ({reason}).',
      zh: 'DIVOC 证书不是有效的 JSON（{reason}）。',
      ko: 'DIVOC 증명서가 올바른 JSON이 아닙니다({reason}).',
    },
  },
  DIVOC_JSON_TOO_DEEP: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The DIVOC certificate nests deeper than {limit} levels and was refused.',
      zh: 'DIVOC 证书的嵌套层级超过 {limit} 层，已拒绝。',
      ko: 'DIVOC 증명서의 중첩 깊이가 {limit}단계를 초과하여 거부되었습니다.',
    },
  },
  DIVOC_CREDENTIAL_MALFORMED: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The DIVOC certificate is not a verifiable credential as DIVOC issues them: {reason}.',
      zh: 'DIVOC 证书不是 DIVOC 签发格式的可验证凭证：{reason}。',
      ko: 'DIVOC 증명서가 DIVOC 발급 형식의 검증 가능한 자격 증명이 아닙니다: {reason}.',
    },
  },
  DIVOC_CONTEXT_UNKNOWN: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The certificate uses the JSON-LD context "{url}", which this verifier does not hold; contexts are never fetched from the network.',
      zh: '证书使用了本验证程序未收录的 JSON-LD 上下文 "{url}"；上下文绝不会从网络获取。',
      ko: '증명서가 이 검증기에 없는 JSON-LD 컨텍스트 "{url}"을(를) 사용합니다. 컨텍스트는 네트워크에서 가져오지 않습니다.',
    },
  },
  DIVOC_CONTEXT_EMBEDDED: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The certificate defines its own JSON-LD context at {path}; only the published contexts named by URL are accepted.',
      zh: '证书在 {path} 处自定义了 JSON-LD 上下文；只接受以 URL 引用的已发布上下文。',
      ko: '증명서가 {path}에서 자체 JSON-LD 컨텍스트를 정의합니다. URL로 지정된 공개 컨텍스트만 허용됩니다.',
    },
  },
  DIVOC_CANONICALIZATION_FAILED: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The certificate could not be canonicalised for its signature check ({reason}).',
      zh: '无法对证书进行规范化以检查签名（{reason}）。',
      ko: '서명 검증을 위해 증명서를 정규화할 수 없습니다({reason}).',
    },
  },
  DIVOC_DATA_UNSIGNED: {
    layer: 'signature',
    severity: 'warning',
    messages: {
      en: 'Part of the certificate is not covered by its signature ({detail}); it is not shown as verified data.',
      zh: '证书的部分内容不受签名保护（{detail}）；这些内容不会作为已验证数据显示。',
      ko: '증명서 일부가 서명으로 보호되지 않습니다({detail}). 검증된 데이터로 표시되지 않습니다.',
    },
  },
  DIVOC_PROOF_UNSUPPORTED: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The proof type "{type}" is not supported (only RsaSignature2018 and Ed25519Signature2018).',
      zh: '不支持证明类型 "{type}"（仅支持 RsaSignature2018 和 Ed25519Signature2018）。',
      ko: '증명 유형 "{type}"은(는) 지원되지 않습니다(RsaSignature2018, Ed25519Signature2018만 지원).',
    },
  },
  DIVOC_PROOF_MALFORMED: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The certificate proof is malformed: {reason}.',
      zh: '证书的签名证明格式错误：{reason}。',
      ko: '증명서의 서명 증명 형식이 잘못되었습니다: {reason}.',
    },
  },
  DIVOC_KEY_UNKNOWN: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'No trusted key for verification method "{verificationMethod}" of issuer "{issuer}".',
      zh: '发行方 "{issuer}" 的验证方法 "{verificationMethod}" 没有受信任的密钥。',
      ko: '발급자 "{issuer}"의 검증 방법 "{verificationMethod}"에 대한 신뢰할 수 있는 키가 없습니다.',
    },
  },
  DIVOC_SIGNATURE_INVALID: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The signature does not match the certificate: it was altered or signed with another key.',
      zh: '签名与证书不符：证书已被篡改或由其他密钥签名。',
      ko: '서명이 증명서와 일치하지 않습니다: 변조되었거나 다른 키로 서명되었습니다.',
    },
  },
  DIVOC_NOT_YET_VALID: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The certificate was issued at {issuanceDate}, after the verification time {at}.',
      zh: '证书签发时间为 {issuanceDate}，晚于验证时间 {at}。',
      ko: '증명서 발급 시각({issuanceDate})이 검증 시각({at})보다 늦습니다.',
    },
  },
  DIVOC_EXPIRED: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The certificate expired at {expirationDate}.',
      zh: '证书已于 {expirationDate} 过期。',
      ko: '증명서가 {expirationDate}에 만료되었습니다.',
    },
  },
  DIVOC_DATE_INVALID: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The certificate field {field} is not a date-time: "{value}".',
      zh: '证书字段 {field} 不是有效的日期时间："{value}"。',
      ko: '증명서 필드 {field}이(가) 올바른 날짜/시각이 아닙니다: "{value}".',
    },
  },
  DIVOC_DOSES_AMBIGUOUS: {
    layer: 'schema',
    severity: 'warning',
    messages: {
      en: 'The certificate says dose {dose} of {totalDoses}. Its context gives "dose" and "totalDoses" the same meaning, so the signature cannot tell them apart: they may have been swapped.',
      zh: '证书显示第 {dose} 剂，共 {totalDoses} 剂。其上下文赋予 "dose" 与 "totalDoses" 相同的含义，签名无法区分二者：它们可能被调换。',
      ko: '증명서에 {totalDoses}회 중 {dose}회차로 기재되어 있습니다. 컨텍스트가 "dose"와 "totalDoses"에 같은 의미를 부여하므로 서명으로 둘을 구별할 수 없습니다: 서로 바뀌었을 수 있습니다.',
    },
  },
  DIVOC_EVIDENCE_UNSUPPORTED: {
    layer: 'schema',
    severity: 'warning',
    messages: {
      en: 'The certificate records "{type}", which Corridor does not read into vaccination, test or recovery details.',
      zh: '证书记录的是 "{type}"，Corridor 不会将其解读为疫苗接种、检测或康复信息。',
      ko: '증명서에 "{type}"이(가) 기록되어 있으며, Corridor는 이를 예방접종·검사·회복 정보로 읽지 않습니다.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

export type DivocFindingCode = keyof typeof DIVOC_FINDINGS;
