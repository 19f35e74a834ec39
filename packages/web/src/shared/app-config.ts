/**
 * The configuration a node gives its copy of the app (`GET /app/config.json`). It names the
 * node to fetch the trust bundle from and the gateway keys that bundle must be signed with:
 * the app trusts nothing it cannot check against these anchors.
 */
export interface AppConfig {
  /** Base URL of the node whose `GET /bundle` the app reads; `''` for the serving origin. */
  node: string;
  /** The gateway's bundle-signing keys, as PEM (`PUBLIC KEY` or `CERTIFICATE`). */
  anchors: string[];
  /** ISO 3166-1 alpha-2 country of this checkpoint: the default destination. */
  country: string;
  /**
   * The port of entry of this checkpoint (IATA airport code or UN/LOCODE, `ICN`): the lane
   * scanner's default port at arrival. Absent: the lane direction's first port.
   */
  port?: string;
  /** Destinations an officer may pick (default: the bundle's countries). */
  destinations?: string[];
  /** Hours before the bundle expires from which the scanner warns (default 12). */
  nearExpiryHours?: number;
  /** Largest difference between the device clock and the server's tolerated, in seconds. */
  clockToleranceSeconds?: number;
}

/** Defaults for the optional settings. */
export const CONFIG_DEFAULTS = { nearExpiryHours: 12, clockToleranceSeconds: 120 } as const;

/**
 * Checks a parsed `config.json`; returns `undefined` for anything that is not a usable
 * configuration (the app then says it is not configured instead of guessing).
 */
export function readAppConfig(value: unknown): AppConfig | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.node !== 'string' || typeof v.country !== 'string') return undefined;
  if (!/^[A-Z]{2}$/.test(v.country)) return undefined;
  if (!Array.isArray(v.anchors) || v.anchors.length === 0 || v.anchors.length > 16)
    return undefined;
  if (!v.anchors.every((a) => typeof a === 'string' && a.length < 16_384)) return undefined;
  const config: AppConfig = { node: v.node, anchors: v.anchors as string[], country: v.country };
  if (Array.isArray(v.destinations)) {
    config.destinations = v.destinations.filter(
      (d): d is string => typeof d === 'string' && /^[A-Z]{2}$/.test(d),
    );
  }
  if (typeof v.port === 'string' && /^[A-Z0-9]{3,5}$/.test(v.port)) config.port = v.port;
  if (typeof v.nearExpiryHours === 'number' && v.nearExpiryHours >= 0)
    config.nearExpiryHours = v.nearExpiryHours;
  if (typeof v.clockToleranceSeconds === 'number' && v.clockToleranceSeconds > 0)
    config.clockToleranceSeconds = v.clockToleranceSeconds;
  return config;
}
