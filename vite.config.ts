import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { serviceWorkerPlugin } from './web/src/offline/service-worker-plugin.ts';

// Absolute paths, so scripts/start.mjs and server/dev.ts can load this file from any cwd.
const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The web app lives in web/ and builds into dist/, which the relay serves on the same port.
export default defineConfig({
  root: fromHere('./web'),
  plugins: [
    // The plugin looks for svelte.config.js in `root` (web/) by default; ours sits beside this file.
    svelte({ configFile: fromHere('./svelte.config.js') }),
    // The app shell for offline use: dist/sw.js, built from web/src/offline/sw.ts.
    serviceWorkerPlugin(fromHere('./web/src/offline/sw.ts')),
  ],
  build: {
    outDir: fromHere('./dist'),
    emptyOutDir: true,
  },
});
