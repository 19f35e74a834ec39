import type { Finding, FindingDefinition, FindingParams, Lang } from '@corridor/core/report';
import { findingFrom } from '@corridor/core/report';

/**
 * Finding codes of the country PKI: DSC chain checks (`verifyDscChain`) and key rotation
 * planning (`planRotation`). Same shape as core's tables, so the catalog can merge it.
 */
export const PKI_FINDINGS = {
  PKI_CERTIFICATE_UNREADABLE: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The {role} certificate cannot be read: {reason}.',
      zh: '无法读取{role}证书：{reason}。',
      ko: '{role} 인증서를 읽을 수 없습니다: {reason}.',
    },
  },
  PKI_DSC_SELF_SIGNED: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The signing certificate {subject} is self-signed; a DSC must be issued by its country CSCA.',
      zh: '签名证书 {subject} 为自签名证书；DSC 必须由其国家的 CSCA 签发。',
      ko: '서명 인증서 {subject}은(는) 자체 서명되었습니다. DSC는 해당 국가의 CSCA가 발급해야 합니다.',
    },
  },
  PKI_CSCA_NOT_FOUND: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'No trusted CSCA has the subject {issuer} that issued this signing certificate.',
      zh: '没有主体为 {issuer} 的受信任 CSCA（即该签名证书的签发者）。',
      ko: '이 서명 인증서를 발급한 {issuer} 주체의 신뢰된 CSCA가 없습니다.',
    },
  },
  PKI_AKI_MISSING: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The signing certificate has no authority key identifier, so its CSCA cannot be identified.',
      zh: '签名证书没有颁发机构密钥标识符，无法确定其 CSCA。',
      ko: '서명 인증서에 기관 키 식별자가 없어 CSCA를 식별할 수 없습니다.',
    },
  },
  PKI_AKI_MISMATCH: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The signing certificate names CSCA key {aki}, but no CSCA {issuer} has that key identifier.',
      zh: '签名证书指向 CSCA 密钥 {aki}，但名为 {issuer} 的 CSCA 均不具有该密钥标识符。',
      ko: '서명 인증서가 CSCA 키 {aki}를 지정하지만 {issuer} CSCA 중 해당 키 식별자를 가진 것이 없습니다.',
    },
  },
  PKI_CSCA_NOT_CA: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The issuing certificate {subject} is not a certification authority (basic constraints or key usage).',
      zh: '签发证书 {subject} 不是证书颁发机构（基本约束或密钥用途不符）。',
      ko: '발급 인증서 {subject}은(는) 인증 기관이 아닙니다(기본 제약 또는 키 용도).',
    },
  },
  PKI_CSCA_COUNTRY_MISSING: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The CSCA {subject} must name exactly one country (C) in its subject.',
      zh: 'CSCA {subject} 的主体中必须恰好包含一个国家代码（C）。',
      ko: 'CSCA {subject}의 주체에는 국가(C)가 정확히 하나 있어야 합니다.',
    },
  },
  PKI_COUNTRY_MISMATCH: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The signing certificate is for {dscCountry}, but its CSCA is for {cscaCountry}.',
      zh: '签名证书属于 {dscCountry}，但其 CSCA 属于 {cscaCountry}。',
      ko: '서명 인증서는 {dscCountry}용이지만 CSCA는 {cscaCountry}용입니다.',
    },
  },
  PKI_SIGNATURE_INVALID: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The signing certificate does not carry a valid signature of the CSCA {issuer}.',
      zh: '签名证书上没有 CSCA {issuer} 的有效签名。',
      ko: '서명 인증서에 CSCA {issuer}의 유효한 서명이 없습니다.',
    },
  },
  PKI_DSC_EXPIRED: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The signing certificate expired on {notAfter}.',
      zh: '签名证书已于 {notAfter} 过期。',
      ko: '서명 인증서가 {notAfter}에 만료되었습니다.',
    },
  },
  PKI_DSC_NOT_YET_VALID: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The signing certificate is valid only from {notBefore}.',
      zh: '签名证书自 {notBefore} 起才生效。',
      ko: '서명 인증서는 {notBefore}부터 유효합니다.',
    },
  },
  PKI_CSCA_EXPIRED: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The CSCA {subject} expired on {notAfter}.',
      zh: 'CSCA {subject} 已于 {notAfter} 过期。',
      ko: 'CSCA {subject}이(가) {notAfter}에 만료되었습니다.',
    },
  },
  PKI_CSCA_NOT_YET_VALID: {
    layer: 'validity',
    severity: 'error',
    messages: {
      en: 'The CSCA {subject} is valid only from {notBefore}.',
      zh: 'CSCA {subject} 自 {notBefore} 起才生效。',
      ko: 'CSCA {subject}은(는) {notBefore}부터 유효합니다.',
    },
  },
  PKI_DSC_IS_CA: {
    layer: 'key-usage',
    severity: 'error',
    messages: {
      en: 'The signing certificate is marked as a certification authority; a DSC must not be one.',
      zh: '签名证书被标记为证书颁发机构；DSC 不得为颁发机构。',
      ko: '서명 인증서가 인증 기관으로 표시되어 있습니다. DSC는 인증 기관이면 안 됩니다.',
    },
  },
  PKI_DSC_KEY_USAGE_INVALID: {
    layer: 'key-usage',
    severity: 'error',
    messages: {
      en: 'The signing certificate key usage must be digitalSignature only ({reason}).',
      zh: '签名证书的密钥用途必须仅为 digitalSignature（{reason}）。',
      ko: '서명 인증서의 키 용도는 digitalSignature만이어야 합니다({reason}).',
    },
  },
  PKI_DSC_EKU_NOT_PERMITTED: {
    layer: 'key-usage',
    severity: 'error',
    messages: {
      en: 'The signing certificate carries extended key usage {oid}, which no document signer may have.',
      zh: '签名证书带有扩展密钥用途 {oid}，文件签名证书不得具有该用途。',
      ko: '서명 인증서에 문서 서명 인증서가 가질 수 없는 확장 키 용도 {oid}가 있습니다.',
    },
  },
  PKI_DSC_USAGE_NOT_PERMITTED: {
    layer: 'key-usage',
    severity: 'error',
    messages: {
      en: 'The signing certificate may sign {allowed}, not {usage}.',
      zh: '该签名证书只可签署{allowed}，不可签署{usage}。',
      ko: '서명 인증서는 {allowed}만 서명할 수 있으며 {usage}은(는) 서명할 수 없습니다.',
    },
  },
  PKI_DSC_OUTLIVES_CSCA: {
    layer: 'validity',
    severity: 'warning',
    messages: {
      en: 'The signing certificate (until {dscNotAfter}) outlives its CSCA (until {cscaNotAfter}).',
      zh: '签名证书（至 {dscNotAfter}）的有效期长于其 CSCA（至 {cscaNotAfter}）。',
      ko: '서명 인증서({dscNotAfter}까지)가 CSCA({cscaNotAfter}까지)보다 오래 유효합니다.',
    },
  },
  PKI_NO_ACTIVE_DSC: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'No signing certificate for {country} ({usages}) may sign at {at}; create a new DSC.',
      zh: '{at} 时没有可用于 {country}（{usages}）的签名证书；请创建新的 DSC。',
      ko: '{at} 시점에 {country}({usages})에 서명할 수 있는 서명 인증서가 없습니다. 새 DSC를 만드십시오.',
    },
  },
  PKI_DSC_ROTATION_DUE: {
    layer: 'trust',
    severity: 'warning',
    messages: {
      en: 'Signing key {label} stops signing on {signUntil}; create and publish its successor by {rotateBy}.',
      zh: '签名密钥 {label} 将于 {signUntil} 停止签名；请在 {rotateBy} 前创建并发布其后继密钥。',
      ko: '서명 키 {label}은(는) {signUntil}에 서명을 중단합니다. {rotateBy}까지 후속 키를 만들어 게시하십시오.',
    },
  },
  PKI_DSC_EXPIRING: {
    layer: 'validity',
    severity: 'warning',
    messages: {
      en: 'Signing certificate {label} expires on {notAfter} ({days} days).',
      zh: '签名证书 {label} 将于 {notAfter} 到期（{days} 天后）。',
      ko: '서명 인증서 {label}이(가) {notAfter}에 만료됩니다({days}일 후).',
    },
  },
  PKI_CSCA_EXPIRING: {
    layer: 'validity',
    severity: 'warning',
    messages: {
      en: 'CSCA {label} expires on {notAfter} ({days} days); DSCs it issued expire with it.',
      zh: 'CSCA {label} 将于 {notAfter} 到期（{days} 天后）；其签发的 DSC 将随之失效。',
      ko: 'CSCA {label}이(가) {notAfter}에 만료됩니다({days}일 후). 발급한 DSC도 함께 만료됩니다.',
    },
  },
  PKI_CSCA_KEY_USAGE_ENDED: {
    layer: 'trust',
    severity: 'warning',
    messages: {
      en: 'CSCA {label} may no longer sign DSCs (since {signUntil}); create a new CSCA before the next DSC.',
      zh: 'CSCA {label} 自 {signUntil} 起不能再签发 DSC；请在下一个 DSC 之前创建新的 CSCA。',
      ko: 'CSCA {label}은(는) {signUntil}부터 더 이상 DSC에 서명할 수 없습니다. 다음 DSC 전에 새 CSCA를 만드십시오.',
    },
  },
  PKI_CERTIFICATE_EXPIRED: {
    layer: 'validity',
    severity: 'info',
    messages: {
      en: 'Certificate {label} expired on {notAfter}; it can be removed from trust lists.',
      zh: '证书 {label} 已于 {notAfter} 过期，可从信任列表中移除。',
      ko: '인증서 {label}이(가) {notAfter}에 만료되었습니다. 신뢰 목록에서 제거할 수 있습니다.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

/** A code of {@link PKI_FINDINGS}. */
export type PkiFindingCode = keyof typeof PKI_FINDINGS;

/** Builds a PKI finding in `lang` (English by default). */
export function pkiFinding(
  code: PkiFindingCode,
  params?: FindingParams,
  lang: Lang = 'en',
): Finding {
  return findingFrom(PKI_FINDINGS, code, lang, params);
}
