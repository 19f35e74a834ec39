import { fail, ok, type Result } from '../lib/result.js';

/**
 * Parses the credential's JSON text after measuring how deeply it nests. The scan is linear
 * and iterative, so a 10,000-deep array is refused before `JSON.parse` or the JSON-LD
 * processor (which recurses) ever sees it.
 *
 * @example
 * const doc = parseBoundedJson('{"a":[1]}', 32); // { ok: true, value: { a: [1] } }
 */
export function parseBoundedJson(
  text: string,
  maxDepth: number,
): Result<unknown, 'DIVOC_JSON_MALFORMED' | 'DIVOC_JSON_TOO_DEEP'> {
  const depth = nestingDepth(text);
  if (depth > maxDepth) return fail('DIVOC_JSON_TOO_DEEP', { limit: maxDepth });
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    return fail('DIVOC_JSON_MALFORMED', { reason: (error as Error).message.slice(0, 120) });
  }
}

/** The deepest nesting of `[` and `{` outside strings (0 for a scalar). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}
