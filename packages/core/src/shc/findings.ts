import type { FindingDefinition } from '../report/finding.js';

/**
 * Finding codes of SMART Health Card verification, from the `shc:/` text to revocation. The
 * generic input codes (`INPUT_EMPTY`, `INPUT_TOO_LARGE`) come from `hcert/findings.ts`.
 */
export const SHC_FINDINGS = {
  SHC_INPUT_NOT_TEXT: {
    layer: 'input',
    severity: 'error',
    messages: {
      en: 'The input is not UTF-8 text, so it cannot be a SMART Health Card.',
      zh: '输入不是 UTF-8 文本，因此不可能是 SMART 健康卡。',
      ko: '입력이 UTF-8 텍스트가 아니므로 SMART 건강 카드일 수 없습니다.',
    },
  },
  SHC_PREFIX_MISSING: {
    layer: 'prefix',
    severity: 'error',
    messages: {
      en: 'This is not a SMART Health Card: it does not start with "shc:/" and is not a compact JWS.',
      zh: '这不是 SMART 健康卡：内容不以 "shc:/" 开头，也不是紧凑 JWS。',
      ko: 'SMART 건강 카드가 아닙니다: "shc:/"로 시작하지 않으며 압축 JWS도 아닙니다.',
    },
  },
  SHC_QR_WHITESPACE: {
    layer: 'prefix',
    severity: 'error',
    messages: {
      en: 'QR code {part} has white space before or after its content; a QR code holds none.',
      zh: '第 {part} 个二维码的内容前后有空白字符；二维码内容不应包含空白。',
      ko: '{part}번째 QR 코드 내용의 앞이나 뒤에 공백이 있습니다. QR 코드에는 공백이 없어야 합니다.',
    },
  },
  SHC_QR_HEADER_INVALID: {
    layer: 'prefix',
    severity: 'error',
    messages: {
      en: 'QR code {part} has an invalid "shc:/" header: {reason}.',
      zh: '第 {part} 个二维码的 "shc:/" 头部无效：{reason}。',
      ko: '{part}번째 QR 코드의 "shc:/" 헤더가 잘못되었습니다: {reason}.',
    },
  },
  SHC_SINGLE_CHUNK_HEADER: {
    layer: 'prefix',
    severity: 'warning',
    messages: {
      en: 'A single QR code is written as chunk "shc:/1/1/"; the chunk header is only for cards split over several QR codes.',
      zh: '单个二维码被写成分块 "shc:/1/1/"；分块头部仅用于拆分为多个二维码的健康卡。',
      ko: '단일 QR 코드가 분할 조각 "shc:/1/1/"로 작성되었습니다. 분할 헤더는 여러 QR 코드로 나뉜 카드에만 사용합니다.',
    },
  },
  SHC_CHUNKING_DEPRECATED: {
    layer: 'prefix',
    severity: 'warning',
    messages: {
      en: 'The card is split over {total} QR codes; splitting is deprecated since December 2022, but the parts were reassembled.',
      zh: '该健康卡被拆分为 {total} 个二维码；拆分方式自 2022 年 12 月起已弃用，但各部分已重新组合。',
      ko: '카드가 {total}개의 QR 코드로 나뉘어 있습니다. 분할 방식은 2022년 12월부터 사용 중단되었지만 조각을 다시 조립했습니다.',
    },
  },
  SHC_CHUNKS_UNNECESSARY: {
    layer: 'prefix',
    severity: 'warning',
    messages: {
      en: 'The card ({length} characters) fits in one QR code but was split into {total}.',
      zh: '该健康卡（{length} 个字符）可放入一个二维码，却被拆分为 {total} 个。',
      ko: '카드({length}자)는 QR 코드 하나에 들어가지만 {total}개로 나뉘었습니다.',
    },
  },
  SHC_CHUNKS_UNBALANCED: {
    layer: 'prefix',
    severity: 'warning',
    messages: {
      en: 'The QR chunks have unbalanced sizes ({sizes} characters); issuers should split evenly.',
      zh: '各二维码分块大小不均（{sizes} 个字符）；签发方应均匀拆分。',
      ko: 'QR 분할 조각의 크기가 고르지 않습니다({sizes}자). 발급자는 고르게 나누어야 합니다.',
    },
  },
  SHC_CHUNK_TOO_MANY: {
    layer: 'prefix',
    severity: 'error',
    messages: {
      en: 'The card comes in {count} QR codes; at most {limit} are accepted.',
      zh: '该健康卡由 {count} 个二维码组成；最多接受 {limit} 个。',
      ko: '카드가 {count}개의 QR 코드로 되어 있습니다. 최대 {limit}개까지 허용됩니다.',
    },
  },
  SHC_CHUNK_MISSING: {
    layer: 'prefix',
    severity: 'error',
    messages: {
      en: 'QR chunk(s) {missing} of {total} are missing; scan every QR code of the card.',
      zh: '缺少第 {missing} 个二维码分块（共 {total} 个）；请扫描该健康卡的全部二维码。',
      ko: '전체 {total}개 중 {missing}번째 QR 분할 조각이 없습니다. 카드의 모든 QR 코드를 스캔하십시오.',
    },
  },
  SHC_CHUNK_DUPLICATE: {
    layer: 'prefix',
    severity: 'error',
    messages: {
      en: 'QR chunk {index} was given more than once.',
      zh: '第 {index} 个二维码分块被重复提供。',
      ko: '{index}번째 QR 분할 조각이 두 번 이상 제공되었습니다.',
    },
  },
  SHC_CHUNK_INCONSISTENT: {
    layer: 'prefix',
    severity: 'error',
    messages: {
      en: 'The QR chunks do not belong together: {reason}.',
      zh: '这些二维码分块不属于同一张健康卡：{reason}。',
      ko: 'QR 분할 조각들이 서로 맞지 않습니다: {reason}.',
    },
  },
  SHC_NUMERIC_INVALID: {
    layer: 'numeric',
    severity: 'error',
    messages: {
      en: 'QR code {part} is damaged: invalid digits at position {position} ({reason}).',
      zh: '第 {part} 个二维码已损坏：第 {position} 位的数字无效（{reason}）。',
      ko: '{part}번째 QR 코드가 손상되었습니다: {position}번째 위치의 숫자가 잘못되었습니다({reason}).',
    },
  },
  SHC_QR_TOO_LONG: {
    layer: 'numeric',
    severity: 'error',
    messages: {
      en: 'QR code {part} holds {length} JWS characters, more than the {limit} a SMART Health Card QR code may hold.',
      zh: '第 {part} 个二维码含有 {length} 个 JWS 字符，超过 SMART 健康卡二维码允许的 {limit} 个。',
      ko: '{part}번째 QR 코드에 JWS 문자가 {length}자 있어 SMART 건강 카드 QR 코드에 허용되는 {limit}자를 초과합니다.',
    },
  },
  SHC_JWS_MALFORMED: {
    layer: 'jws',
    severity: 'error',
    messages: {
      en: 'The signed card is not a valid compact JWS: {reason}.',
      zh: '签名的健康卡不是有效的紧凑 JWS：{reason}。',
      ko: '서명된 카드가 올바른 압축 JWS가 아닙니다: {reason}.',
    },
  },
  SHC_JWS_ALG_UNSUPPORTED: {
    layer: 'jws',
    severity: 'error',
    messages: {
      en: 'The JWS header names algorithm {alg}; SMART Health Cards are signed with ES256 only.',
      zh: 'JWS 头部指定的算法为 {alg}；SMART 健康卡只使用 ES256 签名。',
      ko: 'JWS 헤더의 알고리즘이 {alg}입니다. SMART 건강 카드는 ES256으로만 서명됩니다.',
    },
  },
  SHC_JWS_ZIP_MISSING: {
    layer: 'jws',
    severity: 'error',
    messages: {
      en: 'The JWS header has zip {zip}; SMART Health Cards must declare "DEF" (raw DEFLATE).',
      zh: 'JWS 头部的 zip 为 {zip}；SMART 健康卡必须声明 "DEF"（原始 DEFLATE）。',
      ko: 'JWS 헤더의 zip이 {zip}입니다. SMART 건강 카드는 "DEF"(원시 DEFLATE)를 선언해야 합니다.',
    },
  },
  SHC_JWS_KID_MISSING: {
    layer: 'jws',
    severity: 'error',
    messages: {
      en: 'The JWS header does not name its key (no kid).',
      zh: 'JWS 头部未标明所用密钥（没有 kid）。',
      ko: 'JWS 헤더에 키 식별자(kid)가 없습니다.',
    },
  },
  SHC_PAYLOAD_ZLIB_WRAPPED: {
    layer: 'compression',
    severity: 'error',
    messages: {
      en: 'The payload is zlib-wrapped; SMART Health Cards use raw DEFLATE without a zlib header.',
      zh: '载荷带有 zlib 封装；SMART 健康卡使用不带 zlib 头部的原始 DEFLATE。',
      ko: '페이로드가 zlib로 감싸져 있습니다. SMART 건강 카드는 zlib 헤더 없는 원시 DEFLATE를 사용합니다.',
    },
  },
  SHC_INFLATE_FAILED: {
    layer: 'compression',
    severity: 'error',
    messages: {
      en: 'The payload is not valid raw DEFLATE data ({reason}).',
      zh: '载荷不是有效的原始 DEFLATE 数据（{reason}）。',
      ko: '페이로드가 올바른 원시 DEFLATE 데이터가 아닙니다({reason}).',
    },
  },
  SHC_INFLATE_LIMIT: {
    layer: 'compression',
    severity: 'error',
    messages: {
      en: 'The payload decompresses to more than {limit} bytes and was refused.',
      zh: '载荷解压后超过 {limit} 字节，已拒绝。',
      ko: '페이로드가 압축 해제 시 {limit}바이트를 초과하여 거부되었습니다.',
    },
  },
  SHC_PAYLOAD_MALFORMED: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The card payload is not a readable JSON object: {reason}.',
      zh: '健康卡载荷不是可读取的 JSON 对象：{reason}。',
      ko: '카드 페이로드가 읽을 수 있는 JSON 객체가 아닙니다: {reason}.',
    },
  },
  SHC_ISS_INVALID: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The issuer URL "{iss}" is invalid: {reason}.',
      zh: '签发方 URL "{iss}" 无效：{reason}。',
      ko: '발급자 URL "{iss}"이(가) 잘못되었습니다: {reason}.',
    },
  },
  SHC_CLAIM_INVALID: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The card claim {claim} is missing or invalid: {reason}.',
      zh: '健康卡声明 {claim} 缺失或无效：{reason}。',
      ko: '카드 클레임 {claim}이(가) 없거나 잘못되었습니다: {reason}.',
    },
  },
  SHC_RID_INVALID: {
    layer: 'schema',
    severity: 'warning',
    messages: {
      en: 'The revocation identifier rid "{rid}" is not at most 24 base64url characters; it cannot be matched against revocation lists.',
      zh: '撤销标识 rid "{rid}" 不是不超过 24 个字符的 base64url 字符串，无法与撤销列表比对。',
      ko: '폐기 식별자 rid "{rid}"이(가) 24자 이하의 base64url 문자열이 아니므로 폐기 목록과 대조할 수 없습니다.',
    },
  },
  SHC_FHIR_QUESTIONABLE: {
    layer: 'schema',
    severity: 'warning',
    messages: {
      en: 'The FHIR bundle has a problem that does not affect the signature: {detail}.',
      zh: 'FHIR 资源包存在不影响签名的问题：{detail}。',
      ko: 'FHIR 번들에 서명에는 영향이 없는 문제가 있습니다: {detail}.',
    },
  },
  SHC_FHIR_NOT_COVID: {
    layer: 'schema',
    severity: 'info',
    messages: {
      en: 'The card holds no COVID-19 vaccination or laboratory result Corridor recognises; it has no certificate type.',
      zh: '该健康卡不含本系统可识别的新冠疫苗接种或检验结果；无法确定证书类型。',
      ko: '카드에 Corridor가 인식하는 COVID-19 예방접종 또는 검사 결과가 없어 증명서 유형이 없습니다.',
    },
  },
  SHC_ISSUER_UNKNOWN: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The issuer {iss} is not trusted here: no key set is configured for it.',
      zh: '签发方 {iss} 在此处不受信任：未为其配置密钥集。',
      ko: '발급자 {iss}은(는) 여기에서 신뢰되지 않습니다: 해당 키 집합이 구성되어 있지 않습니다.',
    },
  },
  SHC_JWKS_INVALID: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The key set configured for issuer {iss} cannot be used: {reason}.',
      zh: '为签发方 {iss} 配置的密钥集无法使用：{reason}。',
      ko: '발급자 {iss}에 구성된 키 집합을 사용할 수 없습니다: {reason}.',
    },
  },
  SHC_KID_UNKNOWN: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The key set of issuer {iss} has no key {kid}.',
      zh: '签发方 {iss} 的密钥集中没有密钥 {kid}。',
      ko: '발급자 {iss}의 키 집합에 키 {kid}이(가) 없습니다.',
    },
  },
  SHC_JWK_INVALID: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The issuer key {kid} cannot be used: {reason}.',
      zh: '签发方密钥 {kid} 无法使用：{reason}。',
      ko: '발급자 키 {kid}을(를) 사용할 수 없습니다: {reason}.',
    },
  },
  SHC_JWK_KID_MISMATCH: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The issuer key is published as kid {kid}, but its RFC 7638 thumbprint is {thumbprint}.',
      zh: '签发方密钥以 kid {kid} 发布，但其 RFC 7638 指纹为 {thumbprint}。',
      ko: '발급자 키가 kid {kid}(으)로 게시되었지만 RFC 7638 지문은 {thumbprint}입니다.',
    },
  },
  SHC_X5C_KEY_MISMATCH: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The certificate in x5c of key {kid} holds a different public key than the key itself.',
      zh: '密钥 {kid} 的 x5c 证书所含公钥与该密钥本身不一致。',
      ko: '키 {kid}의 x5c 인증서에 들어 있는 공개 키가 키 자체와 다릅니다.',
    },
  },
  SHC_X5C_PROBLEM: {
    layer: 'trust',
    severity: 'warning',
    messages: {
      en: 'The X.509 chain (x5c) of key {kid} has a problem, which does not affect trust here (the issuer is trusted by its key set): {reason}.',
      zh: '密钥 {kid} 的 X.509 证书链（x5c）存在问题，但不影响此处的信任（签发方凭其密钥集受信任）：{reason}。',
      ko: '키 {kid}의 X.509 인증서 체인(x5c)에 문제가 있지만 여기서의 신뢰에는 영향이 없습니다(발급자는 키 집합으로 신뢰됨): {reason}.',
    },
  },
  SHC_X5C_UNTRUSTED: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The X.509 chain (x5c) of key {kid} is required here and does not hold: {reason}.',
      zh: '此处要求密钥 {kid} 具备有效的 X.509 证书链（x5c），但校验未通过：{reason}。',
      ko: '여기서는 키 {kid}의 X.509 인증서 체인(x5c)이 필요하지만 검증되지 않았습니다: {reason}.',
    },
  },
  SHC_SIGNATURE_DER: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The signature is DER-encoded ({length} bytes); JWS ES256 signatures are the 64-byte r‖s form.',
      zh: '签名采用 DER 编码（{length} 字节）；JWS ES256 签名应为 64 字节的 r‖s 形式。',
      ko: '서명이 DER로 인코딩되어 있습니다({length}바이트). JWS ES256 서명은 64바이트 r‖s 형식이어야 합니다.',
    },
  },
  SHC_SIGNATURE_LENGTH: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The signature is {length} bytes long; an ES256 signature is 64 bytes.',
      zh: '签名长度为 {length} 字节；ES256 签名应为 64 字节。',
      ko: '서명 길이가 {length}바이트입니다. ES256 서명은 64바이트입니다.',
    },
  },
  SHC_SIGNATURE_INVALID: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The signature is not valid: the card was altered or not signed by the issuer key {kid}.',
      zh: '签名无效：该健康卡已被篡改，或并非由签发方密钥 {kid} 签名。',
      ko: '서명이 유효하지 않습니다: 카드가 변조되었거나 발급자 키 {kid}로 서명되지 않았습니다.',
    },
  },
  SHC_NOT_YET_VALID: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The card is valid from {nbf}, after the verification time {at}.',
      zh: '该健康卡自 {nbf} 起生效，晚于验证时间 {at}。',
      ko: '카드는 {nbf}부터 유효하며, 이는 검증 시각 {at}보다 늦습니다.',
    },
  },
  SHC_EXPIRED: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The card expired on {exp}.',
      zh: '该健康卡已于 {exp} 过期。',
      ko: '카드가 {exp}에 만료되었습니다.',
    },
  },
  SHC_REVOKED: {
    layer: 'revocation',
    severity: 'error',
    messages: {
      en: 'The issuer has revoked this card (revocation identifier {rid}).',
      zh: '签发方已撤销该健康卡（撤销标识 {rid}）。',
      ko: '발급자가 이 카드를 폐기했습니다(폐기 식별자 {rid}).',
    },
  },
  SHC_CRL_MISSING: {
    layer: 'revocation',
    severity: 'error',
    messages: {
      en: 'Key {kid} publishes revocation list version {crlVersion}, but no revocation list for it is configured; revocation cannot be checked.',
      zh: '密钥 {kid} 发布了第 {crlVersion} 版撤销列表，但此处未配置该列表，无法检查撤销状态。',
      ko: '키 {kid}은(는) 폐기 목록 버전 {crlVersion}을(를) 게시하지만 해당 목록이 구성되어 있지 않아 폐기 여부를 확인할 수 없습니다.',
    },
  },
  SHC_CRL_INVALID: {
    layer: 'revocation',
    severity: 'error',
    messages: {
      en: 'The revocation list for key {kid} cannot be used, so revocation cannot be checked: {reason}.',
      zh: '密钥 {kid} 的撤销列表无法使用，因此无法检查撤销状态：{reason}。',
      ko: '키 {kid}의 폐기 목록을 사용할 수 없어 폐기 여부를 확인할 수 없습니다: {reason}.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

/** Every SMART Health Card finding code. */
export type ShcFindingCode = keyof typeof SHC_FINDINGS;
