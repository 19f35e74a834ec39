import type { Outcome } from './outcome.js';

export type { Outcome };

/** The icon of each outcome: a shape, not only a colour, so the answer survives colour blindness. */
export function OutcomeIcon({ outcome }: { outcome: Outcome }) {
  const common = { width: 72, height: 72, viewBox: '0 0 72 72', focusable: false } as const;
  if (outcome === 'valid')
    return (
      <svg aria-hidden="true" {...common}>
        <circle cx="36" cy="36" r="34" fill="currentColor" opacity="0.2" />
        <path
          d="M18 37 L31 50 L55 22"
          fill="none"
          stroke="currentColor"
          strokeWidth="8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    );
  if (outcome === 'invalid')
    return (
      <svg aria-hidden="true" {...common}>
        <circle cx="36" cy="36" r="34" fill="currentColor" opacity="0.2" />
        <path
          d="M22 22 L50 50 M50 22 L22 50"
          fill="none"
          stroke="currentColor"
          strokeWidth="8"
          strokeLinecap="round"
        />
      </svg>
    );
  return (
    <svg aria-hidden="true" {...common}>
      <path
        d="M36 4 L70 66 H2 Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="6"
        strokeLinejoin="round"
      />
      <path d="M36 26 V44" stroke="currentColor" strokeWidth="7" strokeLinecap="round" />
      <circle cx="36" cy="55" r="4.5" fill="currentColor" />
    </svg>
  );
}
