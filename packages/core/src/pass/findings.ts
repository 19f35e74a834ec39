import type { FindingDefinition } from '../report/finding.js';

/**
 * Finding codes of entry passes (`CP1:` codes). The layers they share with health
 * certificates (CBOR, COSE, signature, trust data) report the same codes as HC1.
 */
export const PASS_FINDINGS = {
  PASS_PREFIX_MISSING: {
    layer: 'prefix',
    severity: 'error',
    messages: {
      en: 'This is not an entry pass code: it does not start with "CP1:".',
      zh: '这不是入境许可二维码：内容不以 "CP1:" 开头。',
      ko: '입국 허가증 코드가 아닙니다: "CP1:"로 시작하지 않습니다.',
    },
  },
  PASS_BASE45_INVALID: {
    layer: 'base45',
    severity: 'error',
    messages: {
      en: 'The entry pass code is damaged: invalid Base45 at position {position} ({reason}).',
      zh: '入境许可二维码已损坏：第 {position} 位的 Base45 编码无效（{reason}）。',
      ko: '입국 허가증 코드가 손상되었습니다: {position}번째 위치의 Base45가 잘못되었습니다({reason}).',
    },
  },
  PASS_COMPRESSION_INVALID: {
    layer: 'compression',
    severity: 'error',
    messages: {
      en: 'The entry pass content is not valid zlib data ({reason}).',
      zh: '入境许可内容不是有效的 zlib 压缩数据（{reason}）。',
      ko: '입국 허가증 내용이 올바른 zlib 데이터가 아닙니다({reason}).',
    },
  },
  PASS_TOO_LARGE: {
    layer: 'compression',
    severity: 'error',
    messages: {
      en: 'The entry pass content decompresses to more than {limit} bytes and was refused.',
      zh: '入境许可内容解压后超过 {limit} 字节，已拒绝。',
      ko: '입국 허가증 내용이 압축 해제 시 {limit}바이트를 초과하여 거부되었습니다.',
    },
  },
  PASS_CLAIMS_MALFORMED: {
    layer: 'cwt',
    severity: 'error',
    messages: {
      en: 'The entry pass claims are malformed: {reason}.',
      zh: '入境许可声明格式错误：{reason}。',
      ko: '입국 허가증 클레임 형식이 잘못되었습니다: {reason}.',
    },
  },
  PASS_NOT_YET_VALID: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The entry pass is valid for entry only from {nbf}.',
      zh: '该入境许可自 {nbf} 起方可用于入境。',
      ko: '이 입국 허가증은 {nbf}부터 입국에 사용할 수 있습니다.',
    },
  },
  PASS_EXPIRED: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The entry window of the pass ended on {exp}.',
      zh: '该入境许可的入境期限已于 {exp} 结束。',
      ko: '입국 허가증의 입국 기간이 {exp}에 끝났습니다.',
    },
  },
  PASS_KEY_USAGE_MISSING: {
    layer: 'key-usage',
    severity: 'error',
    messages: {
      en: 'The signing certificate is not allowed to sign entry passes (no entry-pass key usage).',
      zh: '该签名证书无权签发入境许可（缺少入境许可密钥用途）。',
      ko: '서명 인증서에 입국 허가증 서명 권한(입국 허가증 키 용도)이 없습니다.',
    },
  },
  PASS_ISSUER_MISMATCH: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The entry pass is issued by {iss} with a key of {country}; a pass to {destination} must be issued by {destination}.',
      zh: '该入境许可由 {iss} 以 {country} 的密钥签发；前往 {destination} 的许可必须由 {destination} 签发。',
      ko: '이 입국 허가증은 {iss}이(가) {country}의 키로 발급했습니다. {destination} 입국 허가증은 {destination}이(가) 발급해야 합니다.',
    },
  },
  PASS_REVOKED: {
    layer: 'revocation',
    severity: 'error',
    messages: {
      en: 'The entry pass has been revoked by its issuer.',
      zh: '该入境许可已被签发机构撤销。',
      ko: '이 입국 허가증은 발급 기관에 의해 취소되었습니다.',
    },
  },
  PASS_LANE_UNKNOWN: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'Lane {lane} version {version}, named by the entry pass, is not in the trust data.',
      zh: '入境许可所载通道 {lane} 第 {version} 版不在信任数据中。',
      ko: '입국 허가증에 적힌 통로 {lane} 버전 {version}이(가) 신뢰 데이터에 없습니다.',
    },
  },
  PASS_BINDING_MISMATCH: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The entry pass was issued for another passport (document number, nationality or date of birth differ).',
      zh: '该入境许可签发给另一本护照（证件号码、国籍或出生日期不符）。',
      ko: '이 입국 허가증은 다른 여권으로 발급되었습니다(여권 번호, 국적 또는 생년월일 불일치).',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

/** A code from {@link PASS_FINDINGS}. */
export type PassFindingCode = keyof typeof PASS_FINDINGS;
