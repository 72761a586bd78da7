import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

// Absolute paths, so scripts/start.mjs and server/dev.ts can load this file from any cwd.
const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The web app lives in web/ and builds into dist/, which the relay serves on the same port.
export default defineConfig({
  root: fromHere('./web'),
  plugins: [
    // The plugin looks for svelte.config.js in `root` (web/) by default; ours sits beside this file.
    svelte({ configFile: fromHere('./svelte.config.js') }),
    // The app shell for offline use: dist/sw.js precaches index.html and the hashed assets, and
    // answers page loads of / and /r/<room> with the cached index.html, so a room visited once
    // opens with no network (its content comes from IndexedDB, see web/src/sync/device-store.ts).
    // Nothing else is intercepted: /ws, /healthz, /readyz and /metrics always reach the relay.
    // Registered by web/src/offline/service-worker.ts; not active under `npm run dev`.
    VitePWA({
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html}'],
        navigateFallback: '/index.html',
        // The room-name rule of web/src/routing.ts and the relay.
        navigateFallbackAllowlist: [/^\/$/, /^\/r\/[A-Za-z0-9_-]{1,64}\/?$/],
        cleanupOutdatedCaches: true,
        // A new version takes over at once; open pages keep the code they loaded and get the
        // new shell on their next load, without being reloaded under someone's pen.
        skipWaiting: true,
        clientsClaim: true,
      },
    }),
  ],
  build: {
    outDir: fromHere('./dist'),
    emptyOutDir: true,
  },
});
