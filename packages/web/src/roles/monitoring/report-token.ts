import { href } from '../../shared/router.js';

/** A report-link token as the node issues it (`crt_` and 32 random bytes, base64url). */
const TOKEN = /crt_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;

/**
 * The report-link token in what a traveller pasted: the link itself (`…/app/report#crt_…`) or
 * the bare token. Undefined when there is none.
 */
export function reportTokenOf(text: string): string | undefined {
  return TOKEN.exec(text.trim())?.[0];
}

/**
 * The app path of the daily report form for a token. The token rides in the fragment: it is
 * never sent to a server (no log sees it); the page reads it and sends it as the bearer.
 */
export function reportPath(token: string): string {
  return `${href('/report')}#${token}`;
}
