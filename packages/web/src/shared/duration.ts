/** Units a difference of clocks is told in, each used below the next threshold. */
const STEPS: readonly {
  unit: 'minute' | 'hour' | 'day' | 'year';
  seconds: number;
  below: number;
}[] = [
  { unit: 'minute', seconds: 60, below: 3_600 },
  { unit: 'hour', seconds: 3_600, below: 2 * 86_400 },
  { unit: 'day', seconds: 86_400, below: 365 * 86_400 },
  { unit: 'year', seconds: 365.25 * 86_400, below: Number.POSITIVE_INFINITY },
];

/**
 * A length of time as a person says it, in `lang`, with the platform's own plural rules and
 * wording (`Intl.NumberFormat` with a long unit): minutes under an hour, hours under two days,
 * days under a year, then years (one decimal under ten); whole units are counted down
 * (59 min 59 s is 59 minutes, never "60 minutes"). At least one minute.
 *
 * @example
 * humanDuration(3 * 86_400, 'en') // '3 days'; 'zh' → '3天'; 'ko' → '3일'
 */
export function humanDuration(seconds: number, lang: string): string {
  const abs = Math.abs(seconds);
  const step = STEPS.find((s) => abs < s.below) ?? STEPS[STEPS.length - 1]!;
  const raw = abs / step.seconds;
  const value =
    step.unit === 'year' && raw < 10 ? Math.floor(raw * 10) / 10 : Math.max(1, Math.floor(raw));
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit: step.unit,
    unitDisplay: 'long',
    maximumFractionDigits: 1,
  }).format(value);
}
