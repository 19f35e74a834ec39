import type { Lang } from '@corridor/core/report';

/**
 * What each code of a bulk-issuance validation report means, in every supported language.
 * The report prints this next to the code; for Chinese and Korean, the English detail (which
 * names the exact value or rule) follows in parentheses.
 */
export const ISSUE_REPORT_TEXT: Record<string, Record<Lang, string>> = {
  CSV_QUOTE_UNTERMINATED: {
    en: 'A quoted field never ends.',
    zh: '带引号的字段没有结束。',
    ko: '따옴표로 묶인 필드가 끝나지 않습니다.',
  },
  CSV_QUOTE_MISPLACED: {
    en: 'A quote is out of place.',
    zh: '引号位置不正确。',
    ko: '따옴표 위치가 잘못되었습니다.',
  },
  CSV_FIELD_TOO_LONG: { en: 'A field is too long.', zh: '字段过长。', ko: '필드가 너무 깁니다.' },
  CSV_TOO_MANY_ROWS: {
    en: 'The file has too many rows.',
    zh: '文件行数过多。',
    ko: '파일의 행이 너무 많습니다.',
  },
  CSV_EMPTY: {
    en: 'The file has no header row.',
    zh: '文件没有标题行。',
    ko: '파일에 머리글 행이 없습니다.',
  },
  CSV_UNKNOWN_COLUMN: { en: 'Unknown column.', zh: '未知的列。', ko: '알 수 없는 열입니다.' },
  CSV_DUPLICATE_COLUMN: {
    en: 'A column appears twice.',
    zh: '列重复。',
    ko: '열이 중복되었습니다.',
  },
  CSV_MISSING_COLUMN: {
    en: 'A required column is missing.',
    zh: '缺少必需的列。',
    ko: '필수 열이 없습니다.',
  },
  CSV_COLUMN_COUNT: {
    en: 'The row has a different number of fields than the header.',
    zh: '该行的字段数与标题行不一致。',
    ko: '행의 필드 수가 머리글과 다릅니다.',
  },
  FIELD_NOT_FOR_TYPE: {
    en: 'This field does not belong to the row type.',
    zh: '该字段不属于此行的证书类型。',
    ko: '이 필드는 행의 증명서 종류에 속하지 않습니다.',
  },
  FIELD_NOT_INTEGER: {
    en: 'This field must be a whole number.',
    zh: '该字段必须是整数。',
    ko: '이 필드는 정수여야 합니다.',
  },
  ID_DUPLICATE: {
    en: 'Two rows have the same id.',
    zh: '两行的 id 相同。',
    ko: '두 행의 id가 같습니다.',
  },
  ID_TOO_LONG: { en: 'The id is too long.', zh: 'id 过长。', ko: 'id가 너무 깁니다.' },
  ROW_TYPE_UNKNOWN: {
    en: 'The type must be vaccination, test or recovery.',
    zh: '类型必须是 vaccination、test 或 recovery。',
    ko: '종류는 vaccination, test 또는 recovery여야 합니다.',
  },
  TYPE_UNKNOWN: {
    en: 'Unknown certificate type.',
    zh: '未知的证书类型。',
    ko: '알 수 없는 증명서 종류입니다.',
  },
  TYPE_MISMATCH: {
    en: 'The payload does not match the certificate type.',
    zh: '内容与证书类型不符。',
    ko: '내용이 증명서 종류와 맞지 않습니다.',
  },
  VALUESET_UNKNOWN_CODE: {
    en: 'The code is not in its value set.',
    zh: '该代码不在其值集中。',
    ko: '코드가 해당 값 집합에 없습니다.',
  },
  UCI_INVALID: {
    en: 'The certificate identifier (UCI) is not valid.',
    zh: '证书唯一标识符（UCI）无效。',
    ko: '증명서 고유 식별자(UCI)가 유효하지 않습니다.',
  },
  EXPIRY_BEYOND_POLICY: {
    en: 'The requested expiry is later than the policy allows.',
    zh: '请求的到期时间晚于政策允许的时间。',
    ko: '요청한 만료 시각이 정책이 허용하는 것보다 늦습니다.',
  },
  DCC_VERSION_UNSUPPORTED: {
    en: 'Unsupported EU DCC version.',
    zh: '不支持的欧盟 DCC 版本。',
    ko: '지원하지 않는 EU DCC 버전입니다.',
  },
  DATE_ORDER: {
    en: 'The dates are in the wrong order.',
    zh: '日期顺序不正确。',
    ko: '날짜 순서가 잘못되었습니다.',
  },
  DATE_IN_FUTURE: {
    en: 'The date is in the future.',
    zh: '日期在未来。',
    ko: '날짜가 미래입니다.',
  },
  TEXT_LONE_SURROGATE: {
    en: 'The text holds a broken character (a lone UTF-16 surrogate); fix the text, it is not replaced.',
    zh: '文本含有损坏的字符（单独的 UTF-16 代理项）；请修正文本，系统不会自动替换。',
    ko: '텍스트에 손상된 문자(단독 UTF-16 서로게이트)가 있습니다. 텍스트를 고치십시오. 자동으로 바꾸지 않습니다.',
  },
  DOSE_OUT_OF_RANGE: {
    en: 'The dose number or the number of doses is larger than any real course (at most 20).',
    zh: '剂次或总剂数超出任何实际接种程序（最多 20）。',
    ko: '접종 차수 또는 총 접종 횟수가 실제 접종 일정보다 큽니다(최대 20).',
  },
  ALREADY_EXPIRED: {
    en: 'The certificate would already be expired.',
    zh: '证书签发时即已过期。',
    ko: '증명서가 발급 시점에 이미 만료됩니다.',
  },
  DCC_SCHEMA_REQUIRED: {
    en: 'A required field is missing.',
    zh: '缺少必填字段。',
    ko: '필수 필드가 없습니다.',
  },
  DCC_SCHEMA_TYPE: {
    en: 'The field has the wrong type.',
    zh: '字段类型错误。',
    ko: '필드 형식이 잘못되었습니다.',
  },
  DCC_SCHEMA_PATTERN: {
    en: 'The field does not have the required form.',
    zh: '字段格式不符合要求。',
    ko: '필드가 요구되는 형식이 아닙니다.',
  },
  DCC_SCHEMA_FORMAT: {
    en: 'The date or time is not valid.',
    zh: '日期或时间无效。',
    ko: '날짜 또는 시각이 유효하지 않습니다.',
  },
  DCC_SCHEMA_MAX_LENGTH: {
    en: 'The field is too long.',
    zh: '字段过长。',
    ko: '필드가 너무 깁니다.',
  },
  DCC_SCHEMA_MINIMUM: {
    en: 'The number is too small.',
    zh: '数值过小。',
    ko: '숫자가 너무 작습니다.',
  },
  DCC_SCHEMA_MIN_ITEMS: {
    en: 'The list has too few entries.',
    zh: '列表条目过少。',
    ko: '목록 항목이 너무 적습니다.',
  },
  DCC_SCHEMA_MAX_ITEMS: {
    en: 'The list has too many entries.',
    zh: '列表条目过多。',
    ko: '목록 항목이 너무 많습니다.',
  },
  DCC_SCHEMA_ONE_OF: {
    en: 'Exactly one vaccination, test or recovery entry is required.',
    zh: '必须恰好有一条疫苗接种、检测或康复记录。',
    ko: '예방접종, 검사 또는 회복 항목이 정확히 하나 있어야 합니다.',
  },
  DCC_SCHEMA_ANY_OF: {
    en: 'At least one transliterated name (fnt or gnt) is required.',
    zh: '至少需要一个音译姓名（fnt 或 gnt）。',
    ko: '음역 이름(fnt 또는 gnt)이 하나 이상 필요합니다.',
  },
};

/** The report line's explanation: the localised meaning, then the English detail. */
export function explainIssueError(code: string, detail: string, lang: Lang): string {
  const text = ISSUE_REPORT_TEXT[code]?.[lang];
  if (!text || lang === 'en') return detail;
  return `${text} (${detail})`;
}
