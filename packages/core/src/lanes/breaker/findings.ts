import type { FindingDefinition } from '../../report/finding.js';

/**
 * Finding codes of circuit breakers: specifications a lane cannot use, overrides that are
 * refused or do not apply, the transitions of the state machine (each the reason a lane
 * closed, opened or stayed suspended), and the grandfathering answer at a checkpoint.
 */
export const BREAKER_FINDINGS = {
  BREAKER_TOO_MANY: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'The lane names {count} circuit breakers; at most {limit} are allowed.',
      zh: '该通道规定了 {count} 个熔断机制，最多允许 {limit} 个。',
      ko: '이 통로에 서킷 브레이커가 {count}개 지정되어 있습니다. 최대 {limit}개까지 허용됩니다.',
    },
  },
  BREAKER_ID_INVALID: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Circuit breaker "{breaker}" has no valid identifier (lower-case words joined by hyphens).',
      zh: '熔断机制 "{breaker}" 没有有效标识（应为以连字符连接的小写单词）。',
      ko: '서킷 브레이커 "{breaker}"의 식별자가 올바르지 않습니다(하이픈으로 연결된 소문자 단어).',
    },
  },
  BREAKER_DUPLICATE: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Two circuit breakers are named "{breaker}".',
      zh: '有两个熔断机制都名为 "{breaker}"。',
      ko: '두 서킷 브레이커의 이름이 모두 "{breaker}"입니다.',
    },
  },
  BREAKER_FIELD_INVALID: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Circuit breaker "{breaker}": field {field} is invalid ({reason}).',
      zh: '熔断机制 "{breaker}"：字段 {field} 无效（{reason}）。',
      ko: '서킷 브레이커 "{breaker}": {field} 필드가 올바르지 않습니다({reason}).',
    },
  },
  BREAKER_SIDE_UNKNOWN: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Circuit breaker "{breaker}" watches "{side}", which is neither "either", "both" nor a party to the lane.',
      zh: '熔断机制 "{breaker}" 监测的一方 "{side}" 既不是 "either"、"both"，也不是该通道的参与国。',
      ko: '서킷 브레이커 "{breaker}"가 감시하는 "{side}"는 "either", "both" 또는 통로 당사국이 아닙니다.',
    },
  },
  BREAKER_GRANDFATHERING_CONFLICT: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Circuit breaker "{breaker}": the policy "{policy}" cancels issued passes, which only a "suspend-entry" scope does (scope is "{scope}").',
      zh: '熔断机制 "{breaker}"：政策 "{policy}" 会作废已签发的通行证，只有 "suspend-entry" 范围才会如此（当前范围为 "{scope}"）。',
      ko: '서킷 브레이커 "{breaker}": "{policy}" 정책은 발급된 통행증을 취소하며, 이는 "suspend-entry" 범위에서만 가능합니다(현재 범위 "{scope}").',
    },
  },
  BREAKER_RESUMPTION_CONTRADICTS_TRIP: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Circuit breaker "{breaker}": a value could pass the resumption test and trip the breaker at once; the lane would open and close on the same figure.',
      zh: '熔断机制 "{breaker}"：同一数值可能既通过恢复检验又触发熔断，通道会因同一数据反复开关。',
      ko: '서킷 브레이커 "{breaker}": 같은 값이 재개 검사를 통과하면서 동시에 브레이커를 작동시킬 수 있어, 통로가 같은 수치로 열리고 닫히게 됩니다.',
    },
  },
  OVERRIDE_TOO_LARGE: {
    layer: 'input',
    severity: 'error',
    messages: {
      en: 'The override is {size} bytes long; at most {limit} are accepted.',
      zh: '该人工干预文件长度为 {size} 字节，最多接受 {limit} 字节。',
      ko: '수동 조치 문서 크기가 {size}바이트입니다. 최대 {limit}바이트까지 허용됩니다.',
    },
  },
  OVERRIDE_NOT_SIGNED: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The override is not signed by an authority key; it was refused.',
      zh: '该人工干预未经主管机关密钥签名，已拒绝。',
      ko: '수동 조치에 당국 키 서명이 없어 거부되었습니다.',
    },
  },
  OVERRIDE_WRONG_TYPE: {
    layer: 'cose',
    severity: 'error',
    messages: {
      en: 'The signed document is not a circuit-breaker override (content type "{type}").',
      zh: '该签名文件不是熔断人工干预文件（内容类型 "{type}"）。',
      ko: '서명된 문서가 서킷 브레이커 수동 조치가 아닙니다(콘텐츠 유형 "{type}").',
    },
  },
  OVERRIDE_MALFORMED: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The override is malformed ({reason}).',
      zh: '该人工干预格式错误（{reason}）。',
      ko: '수동 조치 형식이 잘못되었습니다({reason}).',
    },
  },
  OVERRIDE_LIMIT_EXCEEDED: {
    layer: 'input',
    severity: 'error',
    messages: {
      en: 'The override exceeds a safety limit ({reason}).',
      zh: '该人工干预超出安全限制（{reason}）。',
      ko: '수동 조치가 안전 한도를 초과했습니다({reason}).',
    },
  },
  OVERRIDE_REASON_MISSING: {
    layer: 'schema',
    severity: 'error',
    messages: {
      en: 'The override gives no reason; an administrator may override a breaker only with a stated reason.',
      zh: '该人工干预未说明理由；管理人员只有在说明理由后才能干预熔断。',
      ko: '수동 조치에 사유가 없습니다. 관리자는 사유를 밝혀야만 브레이커에 개입할 수 있습니다.',
    },
  },
  OVERRIDE_KEY_UNKNOWN: {
    layer: 'trust',
    severity: 'error',
    messages: {
      en: 'The override for {country} is signed with a key that is not an authority key of {country}; it was refused.',
      zh: '{country} 的人工干预所用签名密钥不是 {country} 的主管机关密钥，已拒绝。',
      ko: '{country}의 수동 조치가 {country} 당국 키가 아닌 키로 서명되어 거부되었습니다.',
    },
  },
  OVERRIDE_SIGNATURE_INVALID: {
    layer: 'signature',
    severity: 'error',
    messages: {
      en: 'The signature on the override from {country} is not valid: it was altered or not signed by its authority. It was refused.',
      zh: '{country} 人工干预的签名无效：内容已被篡改或并非由其主管机关签署，已拒绝。',
      ko: '{country} 수동 조치의 서명이 유효하지 않습니다: 변조되었거나 해당 당국이 서명하지 않았습니다. 거부되었습니다.',
    },
  },
  OVERRIDE_OTHER_LANE: {
    layer: 'rules',
    severity: 'warning',
    messages: {
      en: 'Override {override} is for lane "{lane}", not this one; it was ignored.',
      zh: '人工干预 {override} 针对的是通道 "{lane}"，而非本通道，已忽略。',
      ko: '수동 조치 {override}는 이 통로가 아닌 "{lane}" 통로에 대한 것이어서 무시되었습니다.',
    },
  },
  OVERRIDE_BREAKER_UNKNOWN: {
    layer: 'rules',
    severity: 'warning',
    messages: {
      en: 'Override {override} names circuit breaker "{breaker}", which this lane version does not have; it was ignored.',
      zh: '人工干预 {override} 指定的熔断机制 "{breaker}" 在本通道版本中不存在，已忽略。',
      ko: '수동 조치 {override}가 지정한 서킷 브레이커 "{breaker}"가 이 통로 버전에 없어 무시되었습니다.',
    },
  },
  OVERRIDE_NOT_A_PARTY: {
    layer: 'rules',
    severity: 'warning',
    messages: {
      en: 'Override {override} was signed by {country}, which is not a party to this lane; it was ignored.',
      zh: '人工干预 {override} 由非本通道参与国 {country} 签署，已忽略。',
      ko: '수동 조치 {override}는 이 통로의 당사국이 아닌 {country}가 서명하여 무시되었습니다.',
    },
  },
  OVERRIDE_NOT_APPLICABLE: {
    layer: 'rules',
    severity: 'warning',
    messages: {
      en: 'Override {override} ({action}) does not apply to a breaker that is {phase} at that time; it had no effect.',
      zh: '人工干预 {override}（{action}）不适用于当时处于 {phase} 状态的熔断机制，未产生效果。',
      ko: '수동 조치 {override}({action})는 그 시점에 {phase} 상태인 브레이커에 적용되지 않아 효과가 없었습니다.',
    },
  },
  OVERRIDE_DUPLICATE: {
    layer: 'rules',
    severity: 'warning',
    messages: {
      en: '{country} signed two different overrides with identifier {override}; the one with the smaller digest is used. Keep both as evidence.',
      zh: '{country} 以同一标识 {override} 签署了两份不同的人工干预；采用摘要较小的一份。请保留两份文件作为证据。',
      ko: '{country}가 같은 식별자 {override}로 서로 다른 수동 조치 두 개에 서명했습니다. 다이제스트가 더 작은 것을 사용합니다. 두 문서를 증거로 보관하십시오.',
    },
  },
  BREAKER_ANNOUNCED: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'Circuit breaker "{breaker}" tripped ({values}); the suspension takes effect at {effective}.',
      zh: '熔断机制 "{breaker}" 已触发（{values}）；暂停自 {effective} 起生效。',
      ko: '서킷 브레이커 "{breaker}"가 작동했습니다({values}). 중단은 {effective}부터 효력이 발생합니다.',
    },
  },
  BREAKER_EFFECTIVE: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'Circuit breaker "{breaker}" is in force ({scope}) until at least {plannedEnd}.',
      zh: '熔断机制 "{breaker}" 已生效（{scope}），至少持续到 {plannedEnd}。',
      ko: '서킷 브레이커 "{breaker}"가 발효되었습니다({scope}). 최소 {plannedEnd}까지 유지됩니다.',
    },
  },
  BREAKER_RESUMED: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'Circuit breaker "{breaker}" passed its resumption test ({values}); the lane resumes.',
      zh: '熔断机制 "{breaker}" 已通过恢复检验（{values}）；通道恢复运行。',
      ko: '서킷 브레이커 "{breaker}"가 재개 검사를 통과했습니다({values}). 통로가 재개됩니다.',
    },
  },
  BREAKER_EXTENDED: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'Circuit breaker "{breaker}" failed its resumption test ({values}); the suspension is extended to {plannedEnd}.',
      zh: '熔断机制 "{breaker}" 未通过恢复检验（{values}）；暂停延长至 {plannedEnd}。',
      ko: '서킷 브레이커 "{breaker}"가 재개 검사를 통과하지 못했습니다({values}). 중단이 {plannedEnd}까지 연장됩니다.',
    },
  },
  BREAKER_AWAITING_DATA: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'Circuit breaker "{breaker}" reached its planned end, but the figures for {date} needed by the resumption test are not complete; the suspension stays in force until they are.',
      zh: '熔断机制 "{breaker}" 已到计划结束时间，但恢复检验所需的 {date} 数据尚不完整；在数据完整前暂停继续有效。',
      ko: '서킷 브레이커 "{breaker}"가 예정 종료 시점에 도달했으나 재개 검사에 필요한 {date} 수치가 완전하지 않습니다. 수치가 갖춰질 때까지 중단이 유지됩니다.',
    },
  },
  BREAKER_ENDED: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'Circuit breaker "{breaker}" reached its planned end; the lane resumes.',
      zh: '熔断机制 "{breaker}" 已到计划结束时间；通道恢复运行。',
      ko: '서킷 브레이커 "{breaker}"가 예정 종료 시점에 도달했습니다. 통로가 재개됩니다.',
    },
  },
  BREAKER_OVERRIDE_TRIGGER: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'An administrator of {country} triggered circuit breaker "{breaker}", effective at {effective}: {reason}',
      zh: '{country} 管理人员人工触发了熔断机制 "{breaker}"，自 {effective} 起生效：{reason}',
      ko: '{country} 관리자가 서킷 브레이커 "{breaker}"를 수동으로 작동시켰습니다. {effective}부터 효력 발생: {reason}',
    },
  },
  BREAKER_OVERRIDE_DELAY: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'An administrator of {country} delayed the next step of circuit breaker "{breaker}" to {until}: {reason}',
      zh: '{country} 管理人员将熔断机制 "{breaker}" 的下一步推迟到 {until}：{reason}',
      ko: '{country} 관리자가 서킷 브레이커 "{breaker}"의 다음 단계를 {until}(으)로 연기했습니다: {reason}',
    },
  },
  BREAKER_OVERRIDE_CANCEL: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'An administrator of {country} withdrew the announcement of circuit breaker "{breaker}": {reason}',
      zh: '{country} 管理人员撤回了熔断机制 "{breaker}" 的公告：{reason}',
      ko: '{country} 관리자가 서킷 브레이커 "{breaker}"의 공지를 철회했습니다: {reason}',
    },
  },
  BREAKER_OVERRIDE_END: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'An administrator of {country} ended circuit breaker "{breaker}" early: {reason}',
      zh: '{country} 管理人员提前结束了熔断机制 "{breaker}"：{reason}',
      ko: '{country} 관리자가 서킷 브레이커 "{breaker}"를 조기 종료했습니다: {reason}',
    },
  },
  GRANDFATHER_NOT_AFFECTED: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'No circuit breaker in force at {at} affects entry passes.',
      zh: '{at} 时没有影响入境通行证的熔断机制生效。',
      ko: '{at} 시점에 입국 통행증에 영향을 주는 서킷 브레이커가 발효 중이지 않습니다.',
    },
  },
  GRANDFATHER_APPLICATIONS_ONLY: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'Circuit breaker "{breaker}" pauses new applications only; issued passes are not affected.',
      zh: '熔断机制 "{breaker}" 仅暂停新申请；已签发的通行证不受影响。',
      ko: '서킷 브레이커 "{breaker}"는 신규 신청만 중단하며, 발급된 통행증에는 영향이 없습니다.',
    },
  },
  GRANDFATHER_ISSUED_BEFORE_ANNOUNCEMENT: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'The pass was issued before circuit breaker "{breaker}" was announced ({announced}) and is honoured.',
      zh: '该通行证签发于熔断机制 "{breaker}" 公告（{announced}）之前，予以承认。',
      ko: '이 통행증은 서킷 브레이커 "{breaker}" 공지({announced}) 이전에 발급되어 인정됩니다.',
    },
  },
  GRANDFATHER_BOARDING_WITHIN_GRACE: {
    layer: 'rules',
    severity: 'info',
    messages: {
      en: 'The pass was issued before circuit breaker "{breaker}" was announced and boards before {deadline}; it is honoured.',
      zh: '该通行证签发于熔断机制 "{breaker}" 公告之前，且在 {deadline} 之前登机，予以承认。',
      ko: '이 통행증은 서킷 브레이커 "{breaker}" 공지 이전에 발급되었고 {deadline} 이전에 탑승하므로 인정됩니다.',
    },
  },
  GRANDFATHER_ISSUED_AFTER_ANNOUNCEMENT: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'The pass was issued after circuit breaker "{breaker}" was announced ({announced}); it is not honoured while the suspension is in force.',
      zh: '该通行证签发于熔断机制 "{breaker}" 公告（{announced}）之后；暂停期间不予承认。',
      ko: '이 통행증은 서킷 브레이커 "{breaker}" 공지({announced}) 이후에 발급되어 중단 기간에는 인정되지 않습니다.',
    },
  },
  GRANDFATHER_BOARDING_AFTER_GRACE: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Circuit breaker "{breaker}" honours issued passes only for boarding before {deadline}; this boarding is later.',
      zh: '熔断机制 "{breaker}" 仅对 {deadline} 之前登机的已签发通行证予以承认；本次登机晚于该时间。',
      ko: '서킷 브레이커 "{breaker}"는 {deadline} 이전 탑승에 한해 발급된 통행증을 인정합니다. 이번 탑승은 그 이후입니다.',
    },
  },
  GRANDFATHER_PASSES_CANCELLED: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'Entry is suspended by circuit breaker "{breaker}" and issued passes are cancelled.',
      zh: '熔断机制 "{breaker}" 已暂停入境，已签发的通行证作废。',
      ko: '서킷 브레이커 "{breaker}"에 의해 입국이 중단되었으며 발급된 통행증은 취소됩니다.',
    },
  },
  GRANDFATHER_ISSUED_DURING_SUSPENSION: {
    layer: 'rules',
    severity: 'error',
    messages: {
      en: 'The pass was issued while circuit breaker "{breaker}" suspended new passes (from {effective}); it is not valid.',
      zh: '该通行证签发于熔断机制 "{breaker}" 暂停签发新通行证期间（自 {effective} 起），无效。',
      ko: '이 통행증은 서킷 브레이커 "{breaker}"가 신규 통행증 발급을 중단한 기간({effective}부터)에 발급되어 유효하지 않습니다.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

/** A finding code of circuit breakers, overrides and grandfathering. */
export type BreakerCode = keyof typeof BREAKER_FINDINGS;
