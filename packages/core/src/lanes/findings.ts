import type { FindingDefinition } from '../report/finding.js';

/** Finding codes of lane documents and of the boarding / arrival decision over a lane. */
export const LANE_FINDINGS = {
  LANE_MALFORMED: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'The lane document is malformed: {reason}.',
      zh: '通道文件格式错误：{reason}。',
      ko: '통로 문서 형식이 잘못되었습니다: {reason}.',
    },
  },
  LANE_LIMIT_EXCEEDED: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'The lane document exceeds a safety limit: {reason}.',
      zh: '通道文件超出安全限制：{reason}。',
      ko: '통로 문서가 안전 한도를 초과했습니다: {reason}.',
    },
  },
  LANE_CONTRADICTORY: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'The lane document contradicts itself: {reason}.',
      zh: '通道文件自相矛盾：{reason}。',
      ko: '통로 문서 내용이 서로 모순됩니다: {reason}.',
    },
  },
  LANE_POLICY_INVALID: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'The health policy of direction {direction} is malformed: {reason}.',
      zh: '{direction} 方向的健康策略格式错误：{reason}。',
      ko: '{direction} 방향의 건강 정책 형식이 잘못되었습니다: {reason}.',
    },
  },
  LANE_BREAKERS_INVALID: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'The circuit breakers of the lane document are invalid: {problems}.',
      zh: '通道文件中的熔断机制无效：{problems}。',
      ko: '통로 문서의 서킷 브레이커가 유효하지 않습니다: {problems}.',
    },
  },
  LANE_SIGNATURE_INVALID: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'The lane document is not signed by both parties ({reason}).',
      zh: '通道文件未经双方签署（{reason}）。',
      ko: '통로 문서에 양측의 서명이 없습니다({reason}).',
    },
  },
  LANE_NOT_IN_FORCE: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'No version of lane {lane} is in force at {at}.',
      zh: '通道 {lane} 在 {at} 没有生效的版本。',
      ko: '통로 {lane}은(는) {at}에 유효한 버전이 없습니다.',
    },
  },
  LANE_DIRECTION_NOT_COVERED: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'Lane {lane} version {version} does not cover travel from {origin} to {destination}.',
      zh: '通道 {lane} 第 {version} 版不涵盖从 {origin} 到 {destination} 的出行。',
      ko: '통로 {lane} 버전 {version}은(는) {origin}에서 {destination}(으)로의 이동을 포함하지 않습니다.',
    },
  },
  LANE_WRONG_DIRECTION: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'The entry pass is for travel from {passOrigin} to {passDestination}, not from {origin} to {destination}.',
      zh: '该入境许可适用于从 {passOrigin} 到 {passDestination} 的出行，而非从 {origin} 到 {destination}。',
      ko: '이 입국 허가증은 {passOrigin}에서 {passDestination}(으)로의 이동용이며, {origin}에서 {destination}(으)로의 이동용이 아닙니다.',
    },
  },
  LANE_CATEGORY_NOT_ALLOWED: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'Category {category} is not eligible on lane {lane} version {version}.',
      zh: '类别 {category} 不符合通道 {lane} 第 {version} 版的资格。',
      ko: '범주 {category}은(는) 통로 {lane} 버전 {version}의 대상이 아닙니다.',
    },
  },
  LANE_REGION_NOT_ALLOWED: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'Region {region} is not served by lane {lane} version {version}.',
      zh: '通道 {lane} 第 {version} 版不服务于地区 {region}。',
      ko: '지역 {region}은(는) 통로 {lane} 버전 {version}의 대상 지역이 아닙니다.',
    },
  },
  LANE_PORT_NOT_ALLOWED: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'Port {port} is not a port of entry of lane {lane} version {version}.',
      zh: '口岸 {port} 不是通道 {lane} 第 {version} 版的入境口岸。',
      ko: '{port}은(는) 통로 {lane} 버전 {version}의 입국 항구가 아닙니다.',
    },
  },
  LANE_PORT_MISMATCH: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'The traveller arrived at {port}; the entry pass is for {passPort}.',
      zh: '旅客抵达口岸为 {port}，入境许可指定的口岸为 {passPort}。',
      ko: '여행자는 {port}에 도착했으나 입국 허가증의 입국 항구는 {passPort}입니다.',
    },
  },
  LANE_DEPARTURE_AFTER_WINDOW: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'The scheduled departure {departure} is after the entry window of the pass ended ({to}).',
      zh: '计划出发时间 {departure} 晚于入境许可的入境期限（{to} 截止）。',
      ko: '예정 출발 시각 {departure}이(가) 입국 허가증의 입국 기간 종료({to}) 이후입니다.',
    },
  },
  LANE_HOLDER_MISMATCH: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: 'The {document} names someone else: {field} differs ({value} instead of {expected}).',
      zh: '{document} 所载为他人：{field} 不一致（为 {value}，应为 {expected}）。',
      ko: '{document}에 다른 사람이 적혀 있습니다: {field} 불일치({expected} 대신 {value}).',
    },
  },
  LANE_HOLDER_NAME_UNCERTAIN: {
    layer: 'lane',
    severity: 'warning',
    messages: {
      en: 'The {document} spells the name {value}, the passport {expected}; they differ only in transliteration. An officer must compare them.',
      zh: '{document} 中姓名拼写为 {value}，护照中为 {expected}，仅音译不同，须由工作人员核对。',
      ko: '{document}의 이름 표기는 {value}, 여권은 {expected}으로 음역만 다릅니다. 담당자가 확인해야 합니다.',
    },
  },
  LANE_CREDENTIAL_UNRECOGNISED: {
    layer: 'lane',
    severity: 'warning',
    messages: {
      en: 'Presented credential #{index} is in a format this verifier does not read ({code}); an officer must look at it.',
      zh: '所出示的第 {index} 份凭证格式无法识别（{code}），须由工作人员查看。',
      ko: '제시한 {index}번째 증명서는 이 검증기가 읽을 수 없는 형식입니다({code}). 담당자가 확인해야 합니다.',
    },
  },
  LANE_MRZ_REQUIRED: {
    layer: 'lane',
    severity: 'warning',
    messages: {
      en: 'The passport could not be read ({code}); an officer must compare it with the entry pass.',
      zh: '无法读取护照（{code}），须由工作人员与入境许可核对。',
      ko: '여권을 읽을 수 없습니다({code}). 담당자가 입국 허가증과 대조해야 합니다.',
    },
  },
  LANE_CREDENTIALS_TOO_MANY: {
    layer: 'lane',
    severity: 'error',
    messages: {
      en: '{count} credentials were presented; at most {limit} are checked for one traveller.',
      zh: '共出示 {count} 份凭证；每位旅客最多查验 {limit} 份。',
      ko: '증명서 {count}건이 제시되었습니다. 여행자 한 명당 최대 {limit}건까지 확인합니다.',
    },
  },
  LANE_ADMIT: {
    layer: 'lane',
    severity: 'info',
    messages: {
      en: 'Admit at {checkpoint}: lane {lane} version {version}, category {category}.',
      zh: '{checkpoint} 准予通行：通道 {lane} 第 {version} 版，类别 {category}。',
      ko: '{checkpoint} 통과 허용: 통로 {lane} 버전 {version}, 범주 {category}.',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

/** A code from {@link LANE_FINDINGS}. */
export type LaneFindingCode = keyof typeof LANE_FINDINGS;
