import { fail, ok, type Result } from '../lib/result.js';

/** Why a seal's JSON text was refused before or while parsing. */
export type SealJsonCode = 'VDS_JSON_INVALID' | 'VDS_JSON_TOO_DEEP' | 'VDS_JSON_DUPLICATE_KEY';

/**
 * Parses a seal's JSON text with the nesting depth bounded: the text is scanned first without
 * recursion, because `JSON.parse` itself recurses and a 10,000-deep document can overflow the
 * stack (and canonicalisation, which recurses too, comes after). The scan also refuses
 * duplicate member names: RFC 8785 canonicalises I-JSON (RFC 7493), which forbids them, and
 * two readers keeping different duplicates would display different data under one signature.
 */
export function parseSealJson(text: string, maxDepth: number): Result<unknown, SealJsonCode> {
  const scanned = scan(text, maxDepth);
  if (!scanned.ok) return scanned;
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    return fail('VDS_JSON_INVALID', { reason: (error as Error).message.slice(0, 200) });
  }
}

/** One open object: the member names seen so far. Arrays push `undefined`. */
type Frame = Set<string> | undefined;

function scan(text: string, maxDepth: number): Result<void, SealJsonCode> {
  const stack: Frame[] = [];
  // `expectKey`: the next string in the innermost object is a member name.
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      if (stack.length >= maxDepth) {
        return fail('VDS_JSON_TOO_DEEP', { limit: maxDepth, position: i });
      }
      stack.push(c === 0x7b ? new Set() : undefined);
      expectKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      expectKey = stack.at(-1) !== undefined;
    } else if (c === 0x22) {
      const start = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
      if (i >= text.length) return fail('VDS_JSON_INVALID', { reason: 'unterminated string' });
      const frame = stack.at(-1);
      if (expectKey && frame) {
        let name: string;
        try {
          name = JSON.parse(text.slice(start, i + 1)) as string;
        } catch (error) {
          return fail('VDS_JSON_INVALID', { reason: (error as Error).message.slice(0, 200) });
        }
        if (frame.has(name)) {
          return fail('VDS_JSON_DUPLICATE_KEY', { name: name.slice(0, 64), position: start });
        }
        frame.add(name);
      }
      expectKey = false;
    }
  }
  return ok(undefined);
}
