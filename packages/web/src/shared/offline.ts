import { BASE } from './router.js';

/**
 * Registers the service worker that vite-plugin-pwa (Workbox) generated: it precaches the app
 * shell, every page's code, the QR worker and the zxing wasm, so the app opens and scans with
 * the network off after the first load. Registered from the bundle, not an inline script, so the
 * Content-Security-Policy can forbid inline scripts.
 */
export function registerOfflineSupport(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  navigator.serviceWorker.register(`${BASE}sw.js`, { scope: BASE, type: 'classic' }).catch(() => {
    // No service worker (private mode, file://): the app still works online.
  });
}
