import { createHash } from 'node:crypto';

/**
 * The two `<style>` elements React Aria injects (it has no way to take them from a stylesheet):
 * `usePress` sets `touch-action` on pressable elements, `usePreventScroll` (iOS Safari only)
 * sets `overscroll-behavior`. Allowed by hash, not by `'unsafe-inline'`. Should a React Aria
 * upgrade change their text, the browser tests fail on the CSP violation.
 */
export const REACT_ARIA_STYLES = [
  '@layer {\n  [data-react-aria-pressable] {\n    touch-action: pan-x pan-y pinch-zoom;\n  }\n}',
  '@layer {\n  * {\n    overscroll-behavior: contain;\n  }\n}',
] as const;

const STYLE_HASHES = REACT_ARIA_STYLES.map(
  (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`,
);

/**
 * The Content-Security-Policy the app is served with. Scripts come only from the app's own
 * origin (no inline script, no eval); `'wasm-unsafe-eval'` lets the QR worker compile the zxing
 * wasm that ships with the app. The page talks only to its own origin and, when the configured
 * node lives elsewhere, to that node (for `GET /bundle`).
 *
 * @example
 * contentSecurityPolicy({ node: 'https://kr.example' })
 */
export function contentSecurityPolicy(options: { node?: string } = {}): string {
  const connect = ["'self'"];
  if (options.node) {
    const origin = new URL(options.node).origin;
    if (!connect.includes(origin)) connect.push(origin);
  }
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    `style-src 'self' ${STYLE_HASHES.join(' ')}`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    `connect-src ${connect.join(' ')}`,
    "font-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers sent with every response of the app, besides the CSP. */
export const APP_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
  'cross-origin-opener-policy': 'same-origin',
};
