/**
 * The service worker that keeps the app shell for offline use, served as /sw.js with scope `/`.
 * Built on its own by serviceWorkerPlugin (service-worker-plugin.ts) into one classic script,
 * with the build's file list in 'virtual:whiteboard-precache'; typechecked with the WebWorker
 * library (tsconfig.sw.json). What it answers and how: shell.ts.
 * - install: precaches index.html and every asset of this build under a cache named after the
 *   build, then takes over at once;
 * - activate: deletes the caches of other builds;
 * - fetch: answers app pages and precached files from the cache (shellAnswer).
 * Open pages keep the code they loaded and get a new build on their next load.
 */
import { BUILD_VERSION, PRECACHE } from 'virtual:whiteboard-precache';
import { isStaleShellCache, shellAnswer, shellCacheName } from './shell.ts';

declare const self: ServiceWorkerGlobalScope;

const cacheName = shellCacheName(BUILD_VERSION);
const precached: ReadonlySet<string> = new Set(PRECACHE);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => {
        const stale = names.filter((name) => isStaleShellCache(name, cacheName));
        return Promise.all(stale.map((name) => caches.delete(name)));
      })
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const answer = shellAnswer(event.request, self.location.origin, precached);
  if (answer.kind === 'network') return;
  event.respondWith(
    caches.match(answer.path, { cacheName }).then((cached) => cached ?? fetch(event.request)),
  );
});
