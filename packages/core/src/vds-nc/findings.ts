import type { FindingDefinition } from '../report/finding.js';

/**
 * Finding codes of ICAO VDS-NC verification (a JSON seal signed by a barcode signer whose
 * certificate chains to a state's CSCA). Generic input codes come from `hcert/findings.ts`.
 */
export const VDS_FINDINGS = {
  VDS_JSON_INVALID: {
    layer: 'json',
    severity: 'error',
    messages: {
      en: 'The seal is not valid JSON: {reason}.',
      zh: '该印章不是有效的 JSON：{reason}。',
      ko: '인장이 올바른 JSON이 아닙니다: {reason}.',
    },
  },
  VDS_JSON_TOO_DEEP: {
    layer: 'json',
    severity: 'error',
    messages: {
      en: 'The seal nests deeper than {limit} levels (at character {position}) and was refused.',
      zh: '该印章嵌套超过 {limit} 层（第 {position} 个字符处），已拒绝。',
      ko: '인장의 중첩이 {limit}단계를 넘어({position}번째 문자) 거부되었습니다.',
    },
  },
  VDS_JSON_DUPLICATE_KEY: {
    layer: 'json',
    severity: 'error',
    messages: {
      en: 'The seal repeats the member "{name}" in one object (at character {position}).',
      zh: '该印章在同一对象中重复了成员 "{name}"（第 {position} 个字符处）。',
      ko: '인장이 한 객체 안에서 "{name}" 멤버를 반복합니다({position}번째 문자).',
    },
  },
  VDS_SEAL_INVALID: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'This is not a VDS-NC seal: {reason}.',
      zh: '这不是 VDS-NC 印章：{reason}。',
      ko: 'VDS-NC 인장이 아닙니다: {reason}.',
    },
  },
  VDS_VERSION_UNSUPPORTED: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The seal has version {version}; only version 1 is supported.',
      zh: '该印章版本为 {version}；仅支持版本 1。',
      ko: '인장 버전이 {version}입니다. 버전 1만 지원됩니다.',
    },
  },
  VDS_TYPE_UNSUPPORTED: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The seal type "{type}" is not supported (icao.vacc and icao.test are).',
      zh: '不支持印章类型 "{type}"（支持 icao.vacc 和 icao.test）。',
      ko: '인장 유형 "{type}"은(는) 지원되지 않습니다(icao.vacc, icao.test 지원).',
    },
  },
  VDS_MESSAGE_INVALID: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The seal content is incomplete or malformed: {reason}.',
      zh: '印章内容不完整或格式错误：{reason}。',
      ko: '인장 내용이 불완전하거나 형식이 잘못되었습니다: {reason}.',
    },
  },
  VDS_COUNTRY_UNKNOWN: {
    layer: 'schema',
    severity: 'warning',
    messages: {
      en: 'The state code {code} is not an ICAO/ISO 3166 alpha-3 code this verifier knows.',
      zh: '国家代码 {code} 不是本验证程序已知的 ICAO/ISO 3166 三字母代码。',
      ko: '국가 코드 {code}은(는) 이 검증기가 아는 ICAO/ISO 3166 3자리 코드가 아닙니다.',
    },
  },
  VDS_ALG_UNSUPPORTED: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The seal is signed with {alg}; ES256, ES384 and ES512 (on P-256, P-384, P-521) are supported.',
      zh: '该印章使用 {alg} 签名；支持 ES256、ES384 和 ES512（分别对应 P-256、P-384、P-521）。',
      ko: '인장이 {alg}(으)로 서명되었습니다. ES256, ES384, ES512(P-256, P-384, P-521)를 지원합니다.',
    },
  },
  VDS_SIGNER_UNREADABLE: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The barcode signer certificate in the seal cannot be read: {reason}.',
      zh: '无法读取印章中的条码签名证书：{reason}。',
      ko: '인장의 바코드 서명 인증서를 읽을 수 없습니다: {reason}.',
    },
  },
  VDS_SIGNATURE_INVALID: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The seal signature is not valid: the data was altered or not signed by this certificate.',
      zh: '印章签名无效：数据已被篡改或并非由该证书签名。',
      ko: '인장 서명이 유효하지 않습니다: 데이터가 변조되었거나 이 인증서로 서명되지 않았습니다.',
    },
  },
  VDS_SIGNER_UNTRUSTED: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The barcode signer certificate (issued by {issuer}) does not chain to a trusted CSCA.',
      zh: '条码签名证书（签发者 {issuer}）无法链接到受信任的 CSCA。',
      ko: '바코드 서명 인증서(발급자 {issuer})가 신뢰된 CSCA로 연결되지 않습니다.',
    },
  },
  VDS_SIGNER_COUNTRY_MISMATCH: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The seal names issuing state {state}, but its signer certificate is from {country}.',
      zh: '印章标明的签发国为 {state}，但其签名证书来自 {country}。',
      ko: '인장의 발급 국가는 {state}이지만 서명 인증서는 {country}의 것입니다.',
    },
  },
  VDS_SIGNER_NOT_VALID: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The {role} certificate is valid from {notBefore} to {notAfter}, not at {at}.',
      zh: '{role} 证书的有效期为 {notBefore} 至 {notAfter}，在 {at} 时无效。',
      ko: '{role} 인증서의 유효 기간은 {notBefore} ~ {notAfter}이며 {at}에는 유효하지 않습니다.',
    },
  },
  VDS_SIGNER_USAGE: {
    layer: 'key-usage',
    severity: 'error',
    messages: {
      en: 'The signer certificate is not a VDS-NC barcode signer (extended key usage 2.23.136.1.1.14.2 missing).',
      zh: '签名证书不是 VDS-NC 条码签名证书（缺少扩展密钥用法 2.23.136.1.1.14.2）。',
      ko: '서명 인증서가 VDS-NC 바코드 서명 인증서가 아닙니다(확장 키 용도 2.23.136.1.1.14.2 없음).',
    },
  },
  VDS_DOCUMENT_TYPE_MISMATCH: {
    layer: 'key-usage',
    severity: 'error',
    messages: {
      en: 'The signer certificate may sign document types {allowed}, not {expected} ({type} seals).',
      zh: '签名证书只可签署文件类型 {allowed}，不可签署 {expected}（{type} 印章）。',
      ko: '서명 인증서는 문서 유형 {allowed}만 서명할 수 있으며 {expected}({type} 인장)는 서명할 수 없습니다.',
    },
  },
  VDS_CRL_MISSING: {
    layer: 'revocation',
    severity: 'error',
    messages: {
      en: 'No CRL of the CSCA {issuer} is configured, so revocation of the signer cannot be checked.',
      zh: '未配置 CSCA {issuer} 的证书吊销列表，无法检查签名证书是否已被吊销。',
      ko: 'CSCA {issuer}의 CRL이 설정되지 않아 서명 인증서의 폐기 여부를 확인할 수 없습니다.',
    },
  },
  VDS_CRL_OUTDATED: {
    layer: 'revocation',
    severity: 'error',
    messages: {
      en: 'The CSCA CRL covers {thisUpdate} to {nextUpdate}, not the verification time {at}.',
      zh: 'CSCA 证书吊销列表的有效期为 {thisUpdate} 至 {nextUpdate}，不涵盖验证时间 {at}。',
      ko: 'CSCA CRL은 {thisUpdate} ~ {nextUpdate}를 다루며 검증 시각 {at}은(는) 포함하지 않습니다.',
    },
  },
  VDS_SIGNER_REVOKED: {
    layer: 'revocation',
    severity: 'error',
    messages: {
      en: 'The barcode signer certificate (serial {serial}) is revoked by its CSCA.',
      zh: '条码签名证书（序列号 {serial}）已被其 CSCA 吊销。',
      ko: '바코드 서명 인증서(일련번호 {serial})가 CSCA에 의해 폐기되었습니다.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

export type VdsFindingCode = keyof typeof VDS_FINDINGS;
