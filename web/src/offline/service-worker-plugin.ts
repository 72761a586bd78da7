/**
 * Builds the service worker (sw.ts) into dist/sw.js, at the root so that its scope is the whole
 * origin, with this build's file list to precache. Build-time code: it runs in Vite, in Node.
 *
 * The worker is a build of its own, not a second entry of the app's: a service worker registered
 * as a classic script cannot import chunks, and in one build the bundler would share modules
 * (the protocol's) between the app and the worker as chunks. Its own build makes one
 * self-contained script, and runs after the app's bundle is complete, so the file list is known.
 */
import { build, type Plugin } from 'vite';

const MANIFEST_ID = 'virtual:whiteboard-precache';
const RESOLVED_MANIFEST_ID = `\0${MANIFEST_ID}`;

/** Files a page load may fetch: scripts, styles, the page itself, images, fonts. */
const PRECACHED_FILE = /\.(?:js|css|html|svg|woff2?)$/;

/** Emits dist/sw.js, built from `entry` (the path of sw.ts), precaching this build's files. */
export function serviceWorkerPlugin(entry: string): Plugin {
  return {
    name: 'whiteboard-service-worker',
    apply: 'build',
    // After Vite has emitted index.html into the bundle.
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const source = await buildServiceWorker(entry, precacheList(Object.keys(bundle)));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

/** The absolute paths to precache, sorted: index.html and the bundle's page-load files. */
export function precacheList(bundleFiles: Iterable<string>): string[] {
  const names = new Set(['index.html', ...bundleFiles]);
  return [...names]
    .filter((name) => PRECACHED_FILE.test(name))
    .map((name) => `/${name}`)
    .sort();
}

/** The build's identity: a new file list (new hashed names) means a new version. */
export function buildVersion(precache: readonly string[]): string {
  let hash = 0;
  for (const ch of precache.join('\n')) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
  return (hash >>> 0).toString(36);
}

/** The worker as one classic script (an IIFE) that precaches `precache`. */
export async function buildServiceWorker(
  entry: string,
  precache: readonly string[],
): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    plugins: [precacheManifest(buildVersion(precache), precache)],
    build: {
      // Nothing is written, and above all dist/ (the app's output) is never emptied.
      write: false,
      emptyOutDir: false,
      copyPublicDir: false,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: { input: entry, output: { format: 'iife', entryFileNames: 'sw.js' } },
    },
  });
  if (!('output' in result)) {
    throw new Error('the service worker build returned no single output');
  }
  const [chunk, ...rest] = result.output;
  if (chunk?.type !== 'chunk' || rest.length > 0) {
    throw new Error(
      `the service worker build must make one script, made: ${result.output.map((file) => file.fileName).join(', ')}`,
    );
  }
  return chunk.code;
}

/** Serves 'virtual:whiteboard-precache' (typed in precache-manifest.d.ts) to the worker's build. */
function precacheManifest(version: string, precache: readonly string[]): Plugin {
  return {
    name: 'whiteboard-precache-manifest',
    resolveId(id) {
      return id === MANIFEST_ID ? RESOLVED_MANIFEST_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_MANIFEST_ID) return null;
      return [
        `export const BUILD_VERSION = ${JSON.stringify(version)};`,
        `export const PRECACHE = ${JSON.stringify(precache)};`,
      ].join('\n');
    },
  };
}
