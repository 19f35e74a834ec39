import { LANE_STATUS_TEXTS, labelText } from '@corridor/core/i18n';
import type { FindingParams, Lang } from '@corridor/core/report';
import type { TFunction } from 'i18next';

/** The breaker phases core's lane status texts name. */
const PHASES = new Set(['closed', 'announced', 'suspended', 'resuming']);

/**
 * A breaker finding's parameters with every code a reader would see worded in `lang`: the
 * breaker's scope (`suspend-new-passes` → "suspend new passes"), an override's action and a
 * phase. Core's findings carry them as codes (machines read them); the page shows words, and
 * keeps the code itself in a `<code>` beside the message where it matters.
 */
export function wordedBreakerParams(
  params: FindingParams | undefined,
  lang: Lang,
  t: TFunction,
): FindingParams {
  const out: FindingParams = { ...(params ?? {}) };
  if (typeof out.scope === 'string') out.scope = t(`dashboard.scopes.${out.scope}`);
  if (typeof out.action === 'string') out.action = t(`dashboard.actions.${out.action}`);
  if (typeof out.phase === 'string' && PHASES.has(out.phase))
    out.phase = labelText(LANE_STATUS_TEXTS, out.phase as keyof typeof LANE_STATUS_TEXTS, lang);
  return out;
}
