import { type Label, PRINT_LABELS } from '@corridor/core/i18n';

/** Languages a printed certificate can carry: English always, plus the issuing country's. */
export type PrintLang = 'en' | 'zh' | 'ko';

/** A label in every printable language. */
export type PrintLabel = Label;

/** Every fixed wording on a printed health certificate (core's one label module). */
export const printLabels = PRINT_LABELS;

/** The name of a label in `printLabels`. */
export type PrintLabelKey = keyof typeof printLabels;
