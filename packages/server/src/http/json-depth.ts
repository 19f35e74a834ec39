/** Deepest JSON nesting a Corridor service accepts in a request body. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether the JSON text nests at most `max` arrays/objects deep, found by scanning the text
 * (strings skipped) before anything parses it: `JSON.parse` and every recursive walk after it
 * (hashing, validation) would otherwise be handed a 3,000-deep body and overflow the stack.
 * Malformed text is left to the parser to refuse.
 */
export function jsonDepthWithin(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return true;
}
