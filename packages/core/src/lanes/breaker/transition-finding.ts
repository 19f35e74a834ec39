import { makeFinding } from '../../report/catalog.js';
import type { Finding, Lang } from '../../report/finding.js';
import type { BreakerTransition } from './state.js';

/**
 * A transition as a finding in `lang`: the message says why the breaker moved, with an
 * override's reason in that language when the administrator gave one (else the one given).
 *
 * @example
 * state.history.map((t) => transitionFinding(t, 'ko').message)
 */
export function transitionFinding(transition: BreakerTransition, lang: Lang): Finding {
  const reason = transition.override?.reason;
  const params = reason
    ? { ...transition.params, reason: reason[lang] ?? reason.en ?? reason.zh ?? reason.ko ?? '' }
    : transition.params;
  return makeFinding(transition.code, lang, params);
}
