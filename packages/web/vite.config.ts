import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the app lives on a node: every page, asset and the service worker sit under it. */
export const APP_BASE = '/app/';

const coreSrc = path.join(here, '../core/src');

/**
 * `@corridor/core` and its entry points (`@corridor/core/report`: a folder's `index.ts`;
 * `@corridor/core/verify`: a module) resolve to their TypeScript sources, as in the tests, so
 * a build never bundles a stale `dist`; core's `#platform-crypto` is its WebCrypto variant.
 * (Not the `source` condition: react-aria's packages declare a `source` condition too,
 * pointing at files they do not publish.)
 */
function coreSources(): Plugin {
  return {
    name: 'corridor-core-sources',
    enforce: 'pre',
    resolveId(id) {
      if (id === '#platform-crypto') return path.join(coreSrc, 'crypto/platform-web.ts');
      if (id === '@corridor/core') return path.join(coreSrc, 'index.ts');
      // The typed client: `hono/client` and a few lines; the server enters only as types.
      if (id === '@corridor/server/client') return path.join(here, '../server/src/client/index.ts');
      if (!id.startsWith('@corridor/core/')) return null;
      const base = path.join(coreSrc, id.slice('@corridor/core/'.length));
      return existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts');
    },
  };
}

export default defineConfig({
  root: here,
  base: APP_BASE,
  // The QR worker is bundled by its own pipeline: it needs core's sources too.
  worker: { format: 'es', plugins: () => [coreSources()] },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // No inline polyfill script: the Content-Security-Policy allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    // dist/.vite/manifest.json: which chunks each page needs (the scanner budget test reads it).
    manifest: true,
  },
  plugins: [
    coreSources(),
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
