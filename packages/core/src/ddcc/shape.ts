/**
 * Telling a WHO DDCC core data set from an EU DCC payload. Both can sit where HCERT puts its
 * health certificate (CWT claim -260, key 1), and WHO's own examples also send the DDCC data
 * set as the whole COSE payload. The EU DCC always has `ver`, `nam` and `dob`; the DDCC core
 * data set has a plain `name` string and a vaccination or test event (DDCC:VS RC1 puts the
 * vaccination fields at the top: `vaccine`, `dose`, `date`; RC2 nests them in `vaccination`;
 * DDCC:TR nests them in `test`).
 */

/** `true` when `value` has the shape of a DDCC:VS or DDCC:TR core data set, not an EU DCC. */
export function isDdccPayload(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const v = value as Record<string, unknown>;
  if ('ver' in v || 'nam' in v) return false;
  if (typeof v.name !== 'string') return false;
  return isObject(v.vaccination) || isObject(v.test) || isObject(v.vaccine);
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
