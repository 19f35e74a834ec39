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

/**
 * The first entry of the first non-empty `v`, `t` or `r` group, as an object; `undefined` when
 * there is none. For display and lookups (`ci`, `is`); validity is `validateDcc`'s business.
 */
export function firstDccEntry(payload: unknown): Record<string, unknown> | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  for (const key of ['v', 't', 'r']) {
    const list = (payload as Record<string, unknown>)[key];
    if (Array.isArray(list) && list[0] && typeof list[0] === 'object') {
      return list[0] as Record<string, unknown>;
    }
  }
  return undefined;
}
