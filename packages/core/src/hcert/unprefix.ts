import { fail, ok, type Result } from '../lib/result.js';

/** The context identifier of HCERT version 1 QR codes. */
export const HC1_PREFIX = 'HC1:';

/**
 * Removes the `HC1:` context identifier. Another `HCx:` (or any `XXn:`-like context) is
 * reported as unsupported; text without a context as missing (HCERT §4.2).
 */
export function unprefix(
  text: string,
): Result<string, 'HC1_PREFIX_MISSING' | 'HC1_PREFIX_UNSUPPORTED'> {
  if (text.startsWith(HC1_PREFIX)) return ok(text.slice(HC1_PREFIX.length));
  const other = /^([A-Z0-9]{2,3}):/.exec(text.slice(0, 4));
  if (other) return fail('HC1_PREFIX_UNSUPPORTED', { prefix: `${other[1]}:` });
  return fail('HC1_PREFIX_MISSING');
}
