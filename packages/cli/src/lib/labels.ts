import { CLI_LABELS } from '@corridor/core/i18n';
import type { Lang } from '@corridor/core/report';

/** A CLI wording in `lang` (the tables live in core's one label module). */
export function label(key: keyof typeof CLI_LABELS, lang: Lang): string {
  return CLI_LABELS[key][lang];
}
