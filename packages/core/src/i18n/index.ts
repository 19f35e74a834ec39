// The public surface of `@corridor/core/i18n`: what other packages use.

export type { Label } from './labels.js';
export {
  CHECKPOINT_TEXTS,
  CLI_LABELS,
  FORMAT_TRUST_TEXTS,
  LANE_STATUS_TEXTS,
  labelText,
  MONITORING_TEXTS,
  PASS_PRINT_LABELS,
  PRINT_LABELS,
  REPORT_TEXTS,
} from './labels.js';
