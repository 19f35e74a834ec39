import type { FindingDefinition } from '../report/finding.js';

/** Finding codes of reading a QR code from a picture (PNG or JPEG bytes). */
export const QR_FINDINGS = {
  QR_IMAGE_UNSUPPORTED: {
    layer: 'qr',
    severity: 'error',
    messages: {
      en: 'The picture is not a PNG or JPEG file.',
      zh: '该图片不是 PNG 或 JPEG 文件。',
      ko: '이 그림은 PNG 또는 JPEG 파일이 아닙니다.',
    },
  },
  QR_IMAGE_INVALID: {
    layer: 'qr',
    severity: 'error',
    messages: {
      en: 'The picture is damaged and cannot be read ({reason}).',
      zh: '图片已损坏，无法读取（{reason}）。',
      ko: '그림이 손상되어 읽을 수 없습니다({reason}).',
    },
  },
  QR_IMAGE_TOO_LARGE: {
    layer: 'qr',
    severity: 'error',
    messages: {
      en: 'The picture file is {size} bytes; at most {limit} are accepted.',
      zh: '图片文件大小为 {size} 字节，最多接受 {limit} 字节。',
      ko: '그림 파일 크기가 {size}바이트입니다. 최대 {limit}바이트까지 허용됩니다.',
    },
  },
  QR_IMAGE_DIMENSIONS_TOO_LARGE: {
    layer: 'qr',
    severity: 'error',
    messages: {
      en: 'The picture is {width} × {height} pixels; at most {limit} pixels in all and {side} on a side are accepted.',
      zh: '图片尺寸为 {width} × {height} 像素，最多接受总计 {limit} 像素、单边 {side} 像素。',
      ko: '그림 크기가 {width} × {height} 픽셀입니다. 전체 {limit}픽셀, 한 변 {side}픽셀까지 허용됩니다.',
    },
  },
  QR_NOT_FOUND: {
    layer: 'qr',
    severity: 'error',
    messages: {
      en: 'No QR code was found in the picture.',
      zh: '图片中未找到二维码。',
      ko: '그림에서 QR 코드를 찾을 수 없습니다.',
    },
  },
  QR_UNREADABLE: {
    layer: 'qr',
    severity: 'error',
    messages: {
      en: 'A QR code was found but it is damaged or blurred and cannot be read ({reason}).',
      zh: '找到了二维码，但它已损坏或模糊，无法读取（{reason}）。',
      ko: 'QR 코드를 찾았지만 손상되었거나 흐려서 읽을 수 없습니다({reason}).',
    },
  },
} as const satisfies Record<string, FindingDefinition>;

/** The codes `readQrText` and `probeImage` can fail with. */
export type QrFindingCode = keyof typeof QR_FINDINGS;
