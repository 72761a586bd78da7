import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Absolute paths, so scripts/start.mjs and server/dev.ts can load this file from any cwd.
const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The web app lives in web/ and builds into dist/, which the relay serves on the same port.
export default defineConfig({
  root: fromHere('./web'),
  // The plugin looks for svelte.config.js in `root` (web/) by default; ours sits beside this file.
  plugins: [svelte({ configFile: fromHere('./svelte.config.js') })],
  build: {
    outDir: fromHere('./dist'),
    emptyOutDir: true,
  },
});
