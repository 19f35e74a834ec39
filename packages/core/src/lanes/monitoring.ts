/**
 * Symptom codes a traveller's daily monitoring report may name (W7), in the order forms list
 * them; their en/zh/ko names are in `MONITORING_TEXTS` (`@corridor/core/i18n`). The node's
 * report routes take exactly these; the web app's report form offers exactly these.
 */
export const MONITORING_SYMPTOMS = [
  'cough',
  'sore-throat',
  'shortness-of-breath',
  'loss-of-smell-or-taste',
  'fatigue',
  'muscle-pain',
  'headache',
  'diarrhoea',
  'runny-nose',
  'chills',
] as const;
