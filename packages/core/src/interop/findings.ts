import { registerFindings } from '../report/catalog.js';
import type { FindingDefinition } from '../report/finding.js';

/**
 * Finding codes of the trust-list converters (EU DCC gateway JSON, WHO GDHCN DID documents).
 * A code with severity `error` on an entry means the entry was left out of the import; a
 * `warning` keeps it; `info` only informs.
 */
export const INTEROP_FINDINGS = {
  INTEROP_JSON_MALFORMED: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The trust list is not valid JSON ({reason}).',
      zh: '信任列表不是有效的 JSON（{reason}）。',
      ko: '신뢰 목록이 올바른 JSON이 아닙니다({reason}).',
    },
  },
  INTEROP_TOO_LARGE: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The trust list text is {size} characters long; at most {limit} are accepted.',
      zh: '信任列表文本长度为 {size} 个字符，最多接受 {limit} 个。',
      ko: '신뢰 목록 텍스트 길이가 {size}자입니다. 최대 {limit}자까지 허용됩니다.',
    },
  },
  INTEROP_SHAPE_INVALID: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The trust list does not have the expected shape: {reason}.',
      zh: '信任列表的结构不符合预期：{reason}。',
      ko: '신뢰 목록의 구조가 예상과 다릅니다: {reason}.',
    },
  },
  INTEROP_TOO_MANY_ENTRIES: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The trust list has {count} entries; at most {limit} are accepted.',
      zh: '信任列表包含 {count} 个条目，最多接受 {limit} 个。',
      ko: '신뢰 목록에 항목이 {count}개 있습니다. 최대 {limit}개까지 허용됩니다.',
    },
  },
  INTEROP_FIELD_INVALID: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'Trust list entry {index}: field "{field}" is missing or invalid ({reason}).',
      zh: '信任列表第 {index} 个条目：字段 "{field}" 缺失或无效（{reason}）。',
      ko: '신뢰 목록 항목 {index}: "{field}" 필드가 없거나 잘못되었습니다({reason}).',
    },
  },
  INTEROP_CERTIFICATE_TOO_LARGE: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'Trust list entry {index}: the certificate is larger than {limit} bytes.',
      zh: '信任列表第 {index} 个条目：证书大于 {limit} 字节。',
      ko: '신뢰 목록 항목 {index}: 인증서가 {limit}바이트보다 큽니다.',
    },
  },
  INTEROP_CERTIFICATE_UNREADABLE: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'Trust list entry {index}: the certificate cannot be read ({reason}).',
      zh: '信任列表第 {index} 个条目：无法读取证书（{reason}）。',
      ko: '신뢰 목록 항목 {index}: 인증서를 읽을 수 없습니다({reason}).',
    },
  },
  INTEROP_THUMBPRINT_MISMATCH: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'Trust list entry {index}: the thumbprint {given} is not the SHA-256 of the certificate ({computed}).',
      zh: '信任列表第 {index} 个条目：指纹 {given} 不是证书的 SHA-256（{computed}）。',
      ko: '신뢰 목록 항목 {index}: 지문 {given}이(가) 인증서의 SHA-256({computed})과 다릅니다.',
    },
  },
  INTEROP_KID_MISMATCH: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'Trust list entry {index}: the key identifier {given} does not belong to the certificate ({computed}).',
      zh: '信任列表第 {index} 个条目：密钥标识 {given} 与证书不符（应为 {computed}）。',
      ko: '신뢰 목록 항목 {index}: 키 식별자 {given}이(가) 인증서와 맞지 않습니다({computed}).',
    },
  },
  INTEROP_JWK_MISMATCH: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'Trust list entry {index}: the published key ({member}) is not the key of its certificate.',
      zh: '信任列表第 {index} 个条目：公布的密钥（{member}）不是其证书中的密钥。',
      ko: '신뢰 목록 항목 {index}: 게시된 키({member})가 인증서의 키가 아닙니다.',
    },
  },
  INTEROP_KEY_UNSUPPORTED: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'Trust list entry {index}: the key type {key} is not supported (EC P-256/P-384/P-521 and RSA are).',
      zh: '信任列表第 {index} 个条目：不支持密钥类型 {key}（支持 EC P-256/P-384/P-521 和 RSA）。',
      ko: '신뢰 목록 항목 {index}: 키 유형 {key}은(는) 지원되지 않습니다(EC P-256/P-384/P-521, RSA 지원).',
    },
  },
  INTEROP_METHOD_UNSUPPORTED: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'Trust list entry {index}: verification method type {type} is not supported (JsonWebKey2020 is).',
      zh: '信任列表第 {index} 个条目：不支持验证方法类型 {type}（支持 JsonWebKey2020）。',
      ko: '신뢰 목록 항목 {index}: 검증 방법 유형 {type}은(는) 지원되지 않습니다(JsonWebKey2020 지원).',
    },
  },
  INTEROP_KIND_UNSUPPORTED: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'Trust list entry {index}: certificate type {kind} has no place in Corridor (CSCA, DSC, UPLOAD and AUTHENTICATION do).',
      zh: '信任列表第 {index} 个条目：Corridor 不支持证书类型 {kind}（支持 CSCA、DSC、UPLOAD 和 AUTHENTICATION）。',
      ko: '신뢰 목록 항목 {index}: 인증서 유형 {kind}은(는) Corridor에서 지원되지 않습니다(CSCA, DSC, UPLOAD, AUTHENTICATION 지원).',
    },
  },
  INTEROP_COUNTRY_MISSING: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'Trust list entry {index}: neither the list nor the certificate names a country.',
      zh: '信任列表第 {index} 个条目：列表和证书均未指明国家。',
      ko: '신뢰 목록 항목 {index}: 목록과 인증서 모두 국가를 지정하지 않습니다.',
    },
  },
  INTEROP_COUNTRY_MISMATCH: {
    layer: 'trust',
    severity: 'warning',
    messages: {
      en: 'Trust list entry {index}: listed for country {country}, but the certificate names {certificateCountry}.',
      zh: '信任列表第 {index} 个条目：列于国家 {country} 之下，但证书标明的是 {certificateCountry}。',
      ko: '신뢰 목록 항목 {index}: 국가 {country}로 등록되었으나 인증서에는 {certificateCountry}로 되어 있습니다.',
    },
  },
  INTEROP_DID_REFERENCE: {
    layer: 'trust',
    severity: 'info',
    messages: {
      en: 'Trust list entry {index} refers to another DID document ({did}), which is not resolved here.',
      zh: '信任列表第 {index} 个条目引用了另一个 DID 文档（{did}），此处不做解析。',
      ko: '신뢰 목록 항목 {index}은(는) 다른 DID 문서({did})를 참조하며, 여기서는 확인하지 않습니다.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

/** A code from {@link INTEROP_FINDINGS}. */
export type InteropCode = keyof typeof INTEROP_FINDINGS;

// Joins the catalog when this module loads (`report/catalog.ts`).
registerFindings(INTEROP_FINDINGS);
