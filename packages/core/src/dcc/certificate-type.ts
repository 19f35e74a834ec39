/** The three kinds of EU DCC, named after their entry group (`v`, `t`, `r`). */
export type CertificateType = 'vaccination' | 'test' | 'recovery';

/**
 * The kind of an EU DCC payload: the one of `v`, `t` or `r` that holds a non-empty array.
 * Returns `undefined` when none does or when more than one does (an ambiguous certificate).
 */
export function certificateType(payload: unknown): CertificateType | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const p = payload as Record<string, unknown>;
  const v = Array.isArray(p.v) && p.v.length > 0;
  const t = Array.isArray(p.t) && p.t.length > 0;
  const r = Array.isArray(p.r) && p.r.length > 0;
  if (v && !t && !r) return 'vaccination';
  if (t && !v && !r) return 'test';
  if (r && !v && !t) return 'recovery';
  return undefined;
}
