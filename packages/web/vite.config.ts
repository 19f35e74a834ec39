import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the app lives on a node: every page, asset and the service worker sit under it. */
export const APP_BASE = '/app/';

const coreSrc = path.join(here, '../core/src');

// @corridor/core resolves to its TypeScript sources, as in the tests, so a build never bundles
// a stale `dist`. (An alias, not the `source` condition: react-aria's packages declare a
// `source` condition too, pointing at files they do not publish.)
export default defineConfig({
  root: here,
  base: APP_BASE,
  resolve: {
    alias: [
      { find: /^@corridor\/core$/, replacement: `${coreSrc}/index.ts` },
      // Core's provider choice (its `#platform-crypto` import): WebCrypto in the page.
      { find: /^#platform-crypto$/, replacement: `${coreSrc}/crypto/platform-web.ts` },
      { find: /^@corridor\/core\/(.*)$/, replacement: `${coreSrc}/$1.ts` },
    ],
  },
  worker: { format: 'es' },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // No inline polyfill script: the Content-Security-Policy allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  plugins: [
    react(),
    VitePWA({
      // Registered by the app itself (src/shared/offline.ts), so no inline script is injected.
      injectRegister: false,
      registerType: 'autoUpdate',
      manifest: {
        name: 'Corridor',
        short_name: 'Corridor',
        description: 'Border scanner and traveller wallet for fast-track travel lanes',
        start_url: APP_BASE,
        scope: APP_BASE,
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b3d5c',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        // The app shell, every lazy chunk, the QR worker and the zxing wasm: offline after the
        // first load. config.json and the node's /bundle are not precached (the app keeps the
        // checked copies in IndexedDB).
        globPatterns: ['**/*.{js,css,html,wasm,svg,webmanifest}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: `${APP_BASE}index.html`,
        navigateFallbackAllowlist: [/^\/app\//],
        navigateFallbackDenylist: [/\/config\.json$/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
});
