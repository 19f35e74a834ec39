/**
 * What an officer has scanned for one traveller at a lane checkpoint: the entry pass, the health
 * certificates (any number) and the passport MRZ. Held in memory only, never stored.
 */
export interface LaneItems {
  pass?: string;
  credentials: string[];
  /** The two TD3 lines, joined by a newline. */
  mrz?: string;
  /** A first MRZ line typed or scanned alone, waiting for the second. */
  mrzLine1?: string;
}

export const NO_LANE_ITEMS: LaneItems = { credentials: [] };

/** Most certificates one traveller can add (core's `MAX_CHECKPOINT_CREDENTIALS`). */
export const MAX_LANE_CREDENTIALS = 16;

const MRZ_LINE = /^[A-Z0-9<]{44}$/;

/** The MRZ lines in `text`: two lines, 88 characters in one, or a single 44-character line. */
function mrzLines(text: string): string[] | undefined {
  const lines = text
    .toUpperCase()
    .split(/[\r\n|]+/)
    .map((l) => l.replace(/\s+/g, ''))
    .filter(Boolean);
  if (lines.length === 1 && lines[0]!.length === 88)
    return [lines[0]!.slice(0, 44), lines[0]!.slice(44)];
  if (lines.length > 2 || !lines.every((l) => MRZ_LINE.test(l))) return undefined;
  return lines;
}

/**
 * Adds one scanned or typed text to `items`: an entry pass (`CP1:`) replaces the pass, MRZ text
 * (two TD3 lines, or one line then the other, as a keyboard-wedge reader types them) fills the
 * passport, anything else is a health certificate (the same text twice is kept once).
 */
export function addLaneItem(items: LaneItems, raw: string): LaneItems {
  const text = raw.trim();
  if (!text) return items;
  if (text.toUpperCase().startsWith('CP1:')) return { ...items, pass: text };
  const lines = mrzLines(text);
  if (lines?.length === 2) {
    const { mrzLine1: _, ...rest } = items;
    return { ...rest, mrz: lines.join('\n') };
  }
  if (lines?.length === 1) {
    const line = lines[0]!;
    // A passport's first line starts with P; anything after a first line is its second.
    if (items.mrzLine1 && !line.startsWith('P<')) {
      const { mrzLine1, ...rest } = items;
      return { ...rest, mrz: `${mrzLine1}\n${line}` };
    }
    if (line.startsWith('P')) return { ...items, mrzLine1: line };
  }
  if (items.credentials.includes(text) || items.credentials.length >= MAX_LANE_CREDENTIALS)
    return items;
  return { ...items, credentials: [...items.credentials, text] };
}

/** Removes the `index`th certificate. */
export function removeLaneCredential(items: LaneItems, index: number): LaneItems {
  return { ...items, credentials: items.credentials.filter((_, i) => i !== index) };
}
