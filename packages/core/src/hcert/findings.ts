import type { FindingDefinition } from '../report/finding.js';

/** Finding codes of the HC1 pipeline, from the raw input to the signature and dates. */
export const HCERT_FINDINGS = {
  INPUT_EMPTY: {
    layer: 'input',
    severity: 'error',
    messages: {
      en: 'The input is empty.',
      zh: '输入为空。',
      ko: '입력이 비어 있습니다.',
    },
  },
  INPUT_TOO_LARGE: {
    layer: 'input',
    severity: 'error',
    messages: {
      en: 'The input is {size} characters long; at most {limit} are accepted.',
      zh: '输入长度为 {size} 个字符，最多接受 {limit} 个。',
      ko: '입력 길이가 {size}자입니다. 최대 {limit}자까지 허용됩니다.',
    },
  },
  HC1_PREFIX_MISSING: {
    layer: 'prefix',
    severity: 'error',
    messages: {
      en: 'This is not a health certificate code: it does not start with "HC1:".',
      zh: '这不是健康证书二维码：内容不以 "HC1:" 开头。',
      ko: '건강 증명서 코드가 아닙니다: "HC1:"로 시작하지 않습니다.',
    },
  },
  HC1_PREFIX_UNSUPPORTED: {
    layer: 'prefix',
    severity: 'error',
    messages: {
      en: 'The code uses context "{prefix}", which this verifier does not support (only "HC1:").',
      zh: '该二维码使用 "{prefix}" 格式，本验证程序不支持（仅支持 "HC1:"）。',
      ko: '이 코드는 "{prefix}" 형식을 사용하며, 이 검증기는 지원하지 않습니다("HC1:"만 지원).',
    },
  },
  HC1_BASE45_INVALID: {
    layer: 'base45',
    severity: 'error',
    messages: {
      en: 'The code is damaged: invalid Base45 at position {position} ({reason}).',
      zh: '二维码已损坏：第 {position} 位的 Base45 编码无效（{reason}）。',
      ko: '코드가 손상되었습니다: {position}번째 위치의 Base45가 잘못되었습니다({reason}).',
    },
  },
  HC1_NOT_COMPRESSED: {
    layer: 'compression',
    severity: 'error',
    messages: {
      en: 'The content is not zlib-compressed as the HCERT specification requires.',
      zh: '内容未按 HCERT 规范要求进行 zlib 压缩。',
      ko: '내용이 HCERT 규격에서 요구하는 zlib 압축이 되어 있지 않습니다.',
    },
  },
  HC1_INFLATE_FAILED: {
    layer: 'compression',
    severity: 'error',
    messages: {
      en: 'The compressed content is damaged and cannot be decompressed ({reason}).',
      zh: '压缩内容已损坏，无法解压（{reason}）。',
      ko: '압축된 내용이 손상되어 압축을 풀 수 없습니다({reason}).',
    },
  },
  HC1_INFLATE_LIMIT: {
    layer: 'compression',
    severity: 'error',
    messages: {
      en: 'The content decompresses to more than {limit} bytes and was refused.',
      zh: '内容解压后超过 {limit} 字节，已拒绝。',
      ko: '압축 해제 시 {limit}바이트를 초과하여 거부되었습니다.',
    },
  },
  CBOR_MALFORMED: {
    layer: 'cbor',
    severity: 'error',
    messages: {
      en: 'The CBOR data is malformed: {reason}.',
      zh: 'CBOR 数据格式错误：{reason}。',
      ko: 'CBOR 데이터 형식이 잘못되었습니다: {reason}.',
    },
  },
  CBOR_LIMIT_EXCEEDED: {
    layer: 'cbor',
    severity: 'error',
    messages: {
      en: 'The CBOR data exceeds a safety limit: {reason}.',
      zh: 'CBOR 数据超出安全限制：{reason}。',
      ko: 'CBOR 데이터가 안전 한도를 초과했습니다: {reason}.',
    },
  },
  CBOR_NOT_STRICT: {
    layer: 'cbor',
    severity: 'error',
    messages: {
      en: 'The CBOR data uses a form strict decoding refuses: {reason}.',
      zh: 'CBOR 数据使用了严格解码所拒绝的形式：{reason}。',
      ko: 'CBOR 데이터가 엄격한 디코딩에서 거부되는 형식을 사용합니다: {reason}.',
    },
  },
  COSE_MALFORMED: {
    layer: 'cose',
    severity: 'error',
    messages: {
      en: 'The signed envelope is not a valid COSE_Sign1 structure: {reason}.',
      zh: '签名封装不是有效的 COSE_Sign1 结构：{reason}。',
      ko: '서명 봉투가 올바른 COSE_Sign1 구조가 아닙니다: {reason}.',
    },
  },
  COSE_ALG_UNSUPPORTED: {
    layer: 'cose',
    severity: 'error',
    messages: {
      en: 'The signature algorithm {alg} is not supported (ES256 and PS256 are).',
      zh: '不支持签名算法 {alg}（支持 ES256 和 PS256）。',
      ko: '서명 알고리즘 {alg}은(는) 지원되지 않습니다(ES256, PS256 지원).',
    },
  },
  COSE_KID_MISSING: {
    layer: 'cose',
    severity: 'error',
    messages: {
      en: 'The signature does not name its key (no kid in either header).',
      zh: '签名未标明所用密钥（两个头部中均无 kid）。',
      ko: '서명에 키 식별자(kid)가 없습니다.',
    },
  },
  COSE_KEY_UNKNOWN: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The document is signed with a key that is not trusted here.',
      zh: '该文件由此处不受信任的密钥签名。',
      ko: '문서가 여기에서 신뢰되지 않는 키로 서명되었습니다.',
    },
  },
  CWT_MALFORMED: {
    layer: 'cwt',
    severity: 'error',
    messages: {
      en: 'The certificate claims are malformed: {reason}.',
      zh: '证书声明格式错误：{reason}。',
      ko: '증명서 클레임 형식이 잘못되었습니다: {reason}.',
    },
  },
  CWT_HCERT_MISSING: {
    layer: 'cwt',
    severity: 'error',
    messages: {
      en: 'The code carries no health certificate (claim -260/1 is missing).',
      zh: '二维码中没有健康证书（缺少声明 -260/1）。',
      ko: '코드에 건강 증명서가 없습니다(클레임 -260/1 누락).',
    },
  },
  DSC_UNKNOWN_KID: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'No trusted signing certificate has key identifier {kid}.',
      zh: '没有密钥标识为 {kid} 的受信任签名证书。',
      ko: '키 식별자 {kid}에 해당하는 신뢰된 서명 인증서가 없습니다.',
    },
  },
  COSE_SIGNATURE_INVALID: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The signature is not valid: the code was altered or not signed by a trusted key.',
      zh: '签名无效：二维码已被篡改或并非由受信任的密钥签发。',
      ko: '서명이 유효하지 않습니다: 코드가 변조되었거나 신뢰된 키로 서명되지 않았습니다.',
    },
  },
  CWT_EXP_MISSING: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The certificate has no expiry time (claim exp).',
      zh: '证书没有到期时间（exp 声明）。',
      ko: '증명서에 만료 시간(exp 클레임)이 없습니다.',
    },
  },
  CWT_IAT_MISSING: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The certificate has no issuing time (claim iat).',
      zh: '证书没有签发时间（iat 声明）。',
      ko: '증명서에 발급 시간(iat 클레임)이 없습니다.',
    },
  },
  CWT_EXPIRED: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The certificate expired on {exp}.',
      zh: '证书已于 {exp} 过期。',
      ko: '증명서가 {exp}에 만료되었습니다.',
    },
  },
  CWT_NOT_YET_VALID: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The certificate is dated {iat}, after the verification time {at}.',
      zh: '证书签发时间为 {iat}，晚于验证时间 {at}。',
      ko: '증명서 발급 시각 {iat}이(가) 검증 시각 {at}보다 늦습니다.',
    },
  },
  DSC_VALIDITY_MISMATCH: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The certificate ({field} {value}) falls outside its signing certificate validity ({notBefore} to {notAfter}).',
      zh: '证书（{field} {value}）超出其签名证书的有效期（{notBefore} 至 {notAfter}）。',
      ko: '증명서({field} {value})가 서명 인증서의 유효 기간({notBefore} ~ {notAfter})을 벗어납니다.',
    },
  },
  DSC_KEY_USAGE_MISMATCH: {
    layer: 'key-usage',
    severity: 'error',
    messages: {
      en: 'The signing certificate may sign {allowedName} certificates, not {typeName}.',
      zh: '该签名证书只可签发{allowedName}证书，不可签发{typeName}证书。',
      ko: '서명 인증서는 {allowedName} 증명서만 서명할 수 있으며 {typeName} 증명서는 서명할 수 없습니다.',
    },
  },
  DSC_COUNTRY_MISMATCH: {
    layer: 'trust',
    severity: 'warning',
    messages: {
      en: 'The issuer country {iss} differs from the signing certificate country {country}.',
      zh: '签发国 {iss} 与签名证书所属国家 {country} 不一致。',
      ko: '발급 국가 {iss}이(가) 서명 인증서 국가 {country}와 다릅니다.',
    },
  },
  DSC_CURVE_NOT_P256: {
    layer: 'signature',
    severity: 'warning',
    messages: {
      en: 'The signing key uses curve {curve}; HCERT expects P-256 for ES256. The signature is valid.',
      zh: '签名密钥使用 {curve} 曲线；HCERT 规定 ES256 应使用 P-256。签名有效。',
      ko: '서명 키가 {curve} 곡선을 사용합니다. HCERT는 ES256에 P-256을 요구합니다. 서명은 유효합니다.',
    },
  },
  DCC_TYPE_AMBIGUOUS: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The certificate must hold exactly one vaccination, test or recovery entry; it holds {count}.',
      zh: '证书必须恰好包含一条疫苗接种、检测或康复记录；实际包含 {count} 条。',
      ko: '증명서에는 예방접종, 검사 또는 회복 항목이 정확히 하나 있어야 하지만 {count}개가 있습니다.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;
