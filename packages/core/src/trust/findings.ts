import type { FindingDefinition } from '../report/finding.js';

/** Finding codes of trust bundles, revocation and recognition agreements. */
export const TRUST_FINDINGS = {
  BUNDLE_MALFORMED: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The trust bundle is malformed ({reason}).',
      zh: '信任包格式错误（{reason}）。',
      ko: '신뢰 번들 형식이 잘못되었습니다({reason}).',
    },
  },
  BUNDLE_TOO_LARGE: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The trust bundle is larger than this verifier accepts.',
      zh: '信任包超出本验证程序可接受的大小。',
      ko: '신뢰 번들이 이 검증기가 허용하는 크기보다 큽니다.',
    },
  },
  BUNDLE_SIGNATURE_INVALID: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The trust bundle is not signed by a trusted gateway key ({reason}); it was refused.',
      zh: '信任包未由受信任的网关密钥签名（{reason}），已拒绝。',
      ko: '신뢰 번들이 신뢰된 게이트웨이 키로 서명되지 않았습니다({reason}). 거부되었습니다.',
    },
  },
  BUNDLE_ROLLBACK: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The trust bundle (version {version}) is older than the one already accepted (version {previous}); it was refused.',
      zh: '信任包（版本 {version}）早于已接受的版本 {previous}，已拒绝。',
      ko: '신뢰 번들(버전 {version})이 이미 수락한 버전 {previous}보다 오래되어 거부되었습니다.',
    },
  },
  BUNDLE_STATE_UNREADABLE: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The record of the last accepted trust bundle ({file}) cannot be read ({reason}); without it a rollback cannot be detected, so no bundle is accepted. Restore the file, or delete it deliberately to start afresh.',
      zh: '上次接受的信任包记录（{file}）无法读取（{reason}）；没有它就无法检测回滚，因此不接受任何信任包。请恢复该文件，或有意删除它以重新开始。',
      ko: '마지막으로 수락한 신뢰 번들의 기록({file})을 읽을 수 없습니다({reason}). 이 기록 없이는 롤백을 감지할 수 없으므로 어떤 번들도 수락하지 않습니다. 파일을 복원하거나, 새로 시작하려면 의도적으로 삭제하십시오.',
    },
  },
  BUNDLE_CLOCK_BEFORE_ISSUE: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The device clock ({at}) is earlier than the trust bundle was issued ({issued}); check the clock.',
      zh: '设备时钟（{at}）早于信任包的签发时间（{issued}），请检查时钟。',
      ko: '기기 시각({at})이 신뢰 번들 발급 시각({issued})보다 이릅니다. 시계를 확인하십시오.',
    },
  },
  BUNDLE_EXPIRED: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The trust data (version {version}) expired on {expired}; update it before verifying.',
      zh: '信任数据（版本 {version}）已于 {expired} 过期，请更新后再验证。',
      ko: '신뢰 데이터(버전 {version})가 {expired}에 만료되었습니다. 갱신 후 검증하십시오.',
    },
  },
  CERT_REVOKED: {
    layer: 'revocation',
    severity: 'error',
    messages: {
      en: 'The issuing country has revoked this certificate.',
      zh: '签发国已吊销此证书。',
      ko: '발급 국가가 이 증명서를 폐지했습니다.',
    },
  },
  NO_RECOGNITION_AGREEMENT: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: '{verifier} has no active agreement recognising {typeName} certificates issued by {issuer}.',
      zh: '{verifier} 没有承认 {issuer} 签发的{typeName}证书的有效互认协议。',
      ko: '{verifier}에는 {issuer}이(가) 발급한 {typeName} 증명서를 인정하는 유효한 상호 인정 협정이 없습니다.',
    },
  },
  AGREEMENT_INVALID: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The recognition agreement is malformed ({reason}).',
      zh: '互认协议格式错误（{reason}）。',
      ko: '상호 인정 협정 형식이 잘못되었습니다({reason}).',
    },
  },
  AGREEMENT_SIGNATURE_INVALID: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The recognition agreement is not validly signed by both countries ({reason}).',
      zh: '互认协议未经双方国家有效签署（{reason}）。',
      ko: '상호 인정 협정이 양국의 유효한 서명을 갖추지 않았습니다({reason}).',
    },
  },
  AGREEMENT_EXISTS: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'An agreement with this id already exists (status {status}); it cannot be proposed again.',
      zh: '已存在相同编号的协议（状态 {status}），不能再次提议。',
      ko: '같은 ID의 협정이 이미 있습니다(상태 {status}). 다시 제안할 수 없습니다.',
    },
  },
  AGREEMENT_NOT_FOUND: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'There is no agreement to {action}; it must be proposed first.',
      zh: '没有可执行“{action}”的协议，须先提议。',
      ko: '{action}할 협정이 없습니다. 먼저 제안해야 합니다.',
    },
  },
  AGREEMENT_NOT_PARTY: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: '{actor} is not a party to the agreement and may not {action} it.',
      zh: '{actor} 不是该协议的缔约方，不得执行“{action}”。',
      ko: '{actor}은(는) 협정 당사자가 아니므로 {action}할 수 없습니다.',
    },
  },
  AGREEMENT_STATE: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'An agreement that is {status} cannot take the step {action}.',
      zh: '状态为 {status} 的协议不能执行“{action}”。',
      ko: '상태가 {status}인 협정은 {action} 단계를 밟을 수 없습니다.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;
