import type { FindingDefinition } from '../report/finding.js';

/**
 * Finding codes of the NZ COVID Pass pipeline (`NZCP:/1/` + Base32 COSE_Sign1). Generic input,
 * CBOR and COSE codes (`INPUT_EMPTY`, `CBOR_MALFORMED`, `COSE_SIGNATURE_INVALID`, ...) come
 * from `hcert/findings.ts`.
 */
export const NZCP_FINDINGS = {
  NZCP_PREFIX_MISSING: {
    layer: 'prefix',
    severity: 'error',
    messages: {
      en: 'This is not an NZ COVID Pass: it does not start with "NZCP:/".',
      zh: '这不是新西兰新冠通行证：内容不以 "NZCP:/" 开头。',
      ko: '뉴질랜드 코로나 패스가 아닙니다: "NZCP:/"로 시작하지 않습니다.',
    },
  },
  NZCP_VERSION_UNSUPPORTED: {
    layer: 'prefix',
    severity: 'error',
    messages: {
      en: 'The NZ COVID Pass has version "{version}"; only version 1 is supported.',
      zh: '该新西兰新冠通行证版本为 "{version}"；仅支持版本 1。',
      ko: '뉴질랜드 코로나 패스 버전이 "{version}"입니다. 버전 1만 지원됩니다.',
    },
  },
  NZCP_BASE32_INVALID: {
    layer: 'base32',
    severity: 'error',
    messages: {
      en: 'The pass is damaged: invalid Base32 at position {position} ({reason}).',
      zh: '通行证已损坏：第 {position} 位的 Base32 编码无效（{reason}）。',
      ko: '패스가 손상되었습니다: {position}번째 위치의 Base32가 잘못되었습니다({reason}).',
    },
  },
  NZCP_COSE_INVALID: {
    layer: 'cose',
    severity: 'error',
    messages: {
      en: 'The pass is not a COSE_Sign1 structure as NZCP requires: {reason}.',
      zh: '通行证不是 NZCP 要求的 COSE_Sign1 结构：{reason}。',
      ko: '패스가 NZCP가 요구하는 COSE_Sign1 구조가 아닙니다: {reason}.',
    },
  },
  NZCP_ALG_UNSUPPORTED: {
    layer: 'cose',
    severity: 'error',
    messages: {
      en: 'The pass is signed with algorithm {alg}; NZCP allows only ES256 (-7) in the protected header.',
      zh: '通行证使用算法 {alg} 签名；NZCP 仅允许受保护头部中的 ES256 (-7)。',
      ko: '패스가 {alg} 알고리즘으로 서명되었습니다. NZCP는 보호 헤더의 ES256(-7)만 허용합니다.',
    },
  },
  NZCP_KID_MISSING: {
    layer: 'cose',
    severity: 'error',
    messages: {
      en: 'The pass does not name its key: no kid in the protected header.',
      zh: '通行证未标明所用密钥：受保护头部中没有 kid。',
      ko: '패스에 키 식별자가 없습니다: 보호 헤더에 kid가 없습니다.',
    },
  },
  NZCP_KID_BYTE_STRING: {
    layer: 'cose',
    severity: 'info',
    messages: {
      en: 'The kid "{kid}" is a CBOR byte string; the NZCP text says text string, but the published examples use bytes, so both are accepted.',
      zh: 'kid "{kid}" 为 CBOR 字节串；NZCP 规范文字要求文本串，但官方示例使用字节串，因此两者均被接受。',
      ko: 'kid "{kid}"가 CBOR 바이트 문자열입니다. NZCP 본문은 텍스트 문자열을 요구하지만 공개 예제가 바이트를 사용하므로 둘 다 허용됩니다.',
    },
  },
  NZCP_CLAIMS_INVALID: {
    layer: 'cwt',
    severity: 'error',
    messages: {
      en: 'The pass claims are invalid: {reason}.',
      zh: '通行证声明无效：{reason}。',
      ko: '패스 클레임이 잘못되었습니다: {reason}.',
    },
  },
  NZCP_CREDENTIAL_INVALID: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The verifiable credential in the pass is invalid: {reason}.',
      zh: '通行证中的可验证凭证无效：{reason}。',
      ko: '패스의 검증 가능한 자격 증명이 잘못되었습니다: {reason}.',
    },
  },
  NZCP_ISSUER_UNTRUSTED: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The pass issuer {iss} is not a trusted NZ COVID Pass issuer here.',
      zh: '通行证签发者 {iss} 在此不是受信任的新西兰新冠通行证签发者。',
      ko: '패스 발급자 {iss}은(는) 여기에서 신뢰되는 뉴질랜드 코로나 패스 발급자가 아닙니다.',
    },
  },
  NZCP_KEY_NOT_FOUND: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: "The key {keyId} is not found in the issuer's DID document ({reason}).",
      zh: '在签发者的 DID 文档中找不到密钥 {keyId}（{reason}）。',
      ko: '발급자의 DID 문서에서 키 {keyId}를 찾을 수 없습니다({reason}).',
    },
  },
  NZCP_KEY_NOT_ASSERTION: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: "The key {keyId} is not listed under assertionMethod in the issuer's DID document.",
      zh: '密钥 {keyId} 未列在签发者 DID 文档的 assertionMethod 中。',
      ko: '키 {keyId}가 발급자 DID 문서의 assertionMethod에 없습니다.',
    },
  },
  NZCP_KEY_UNUSABLE: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: "The key {keyId} in the issuer's DID document cannot verify NZ COVID Passes: {reason}.",
      zh: '签发者 DID 文档中的密钥 {keyId} 不能用于验证新西兰新冠通行证：{reason}。',
      ko: '발급자 DID 문서의 키 {keyId}로 뉴질랜드 코로나 패스를 검증할 수 없습니다: {reason}.',
    },
  },
  NZCP_NOT_ACTIVE: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The pass is not active yet: it is valid from {nbf}, after the verification time {at}.',
      zh: '通行证尚未生效：生效时间为 {nbf}，晚于验证时间 {at}。',
      ko: '패스가 아직 유효하지 않습니다: {nbf}부터 유효하며 검증 시각 {at}보다 늦습니다.',
    },
  },
  NZCP_EXPIRED: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The pass expired on {exp}.',
      zh: '通行证已于 {exp} 过期。',
      ko: '패스가 {exp}에 만료되었습니다.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

export type NzcpFindingCode = keyof typeof NZCP_FINDINGS;
