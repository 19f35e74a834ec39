/**
 * The countries of a demonstration corridor: which ones (configuration, default China and
 * Korea), the authority each node speaks for, and the ports each service listens on.
 */

/** The corridor `corridor start` brings up when no countries are configured. */
export const DEFAULT_COUNTRIES: readonly string[] = ['CN', 'KR'];

/** Most countries one machine runs (each is a node with its own database and keys). */
export const MAX_COUNTRIES = 8;

const AUTHORITIES: Readonly<Record<string, string>> = {
  CN: 'National Health Commission (demo)',
  KR: 'Korea Disease Control and Prevention Agency (demo)',
  JP: 'Ministry of Health, Labour and Welfare (demo)',
  SG: 'Ministry of Health Singapore (demo)',
};

/** The health authority a country's node speaks for (a generic name for other countries). */
export function authorityName(country: string): string {
  return AUTHORITIES[country] ?? `Health authority of ${country} (demo)`;
}

/** Thrown for a country list that cannot make a corridor. */
export class CountriesInvalid extends Error {
  readonly code = 'COUNTRIES_INVALID';
}

/**
 * Checks a configured country list: 2 to {@link MAX_COUNTRIES} distinct ISO 3166-1 alpha-2
 * codes (upper case). Accepts `"CN,KR,SG"` or an array; the order is kept (it orders ports).
 */
export function parseCountries(input: string | readonly string[] | undefined): string[] {
  if (input === undefined) return [...DEFAULT_COUNTRIES];
  const list = (typeof input === 'string' ? input.split(',') : [...input]).map((c) => c.trim());
  const bad = list.find((c) => !/^[A-Z]{2}$/.test(c) || c === 'XX');
  if (bad !== undefined)
    throw new CountriesInvalid(`"${bad}" is not an ISO 3166-1 alpha-2 code such as CN or KR`);
  if (new Set(list).size !== list.length)
    throw new CountriesInvalid('each country may be named once');
  if (list.length < 2 || list.length > MAX_COUNTRIES)
    throw new CountriesInvalid(`a corridor has 2 to ${MAX_COUNTRIES} countries`);
  return list;
}

/** The ports of a corridor: the gateway's and each country's node, by country code. */
export type CorridorPorts = { gateway: number } & Record<string, number>;

/** Consecutive ports from `base`: the gateway, then each node in the order of `countries`. */
export function consecutivePorts(base: number, countries: readonly string[]): CorridorPorts {
  const ports: CorridorPorts = { gateway: base };
  countries.forEach((country, i) => {
    ports[country] = base + 1 + i;
  });
  return ports;
}
