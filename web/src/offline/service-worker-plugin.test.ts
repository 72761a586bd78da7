import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildServiceWorker, buildVersion, precacheList } from './service-worker-plugin.ts';
import { shellCacheName } from './shell.ts';

const ORIGIN = 'http://127.0.0.1:8080';
const PRECACHE = precacheList(['assets/app-1.js', 'assets/app-1.css', 'assets/app-1.js.map']);

type Listener = (event: FakeEvent) => void;

interface FakeEvent {
  readonly request?: { method: string; mode: string; url: string };
  waitUntil(promise: Promise<unknown>): void;
  respondWith(answer: Promise<unknown>): void;
}

/** Runs the built script in a scope with just what a service worker uses, recording each call. */
function runWorker(code: string, existingCaches: string[]) {
  const listeners = new Map<string, Listener>();
  const calls: string[] = [];
  const cache = {
    addAll: async (paths: string[]) => void calls.push(`addAll ${paths.join(' ')}`),
  };
  const self = {
    location: { origin: ORIGIN },
    addEventListener: (type: string, listener: Listener) => listeners.set(type, listener),
    skipWaiting: async () => void calls.push('skipWaiting'),
    clients: { claim: async () => void calls.push('claim') },
  };
  const caches = {
    open: async (name: string) => (calls.push(`open ${name}`), cache),
    keys: async () => existingCaches,
    delete: async (name: string) => (calls.push(`delete ${name}`), true),
    match: async (path: string, options: { cacheName: string }) => (
      calls.push(`match ${path} in ${options.cacheName}`),
      `cached ${path}`
    ),
  };
  const fetch = async () => 'from the network';
  new Function('self', 'caches', 'fetch', code)(self, caches, fetch);

  /** Dispatches one event; resolves with what it answered (undefined: left to the network). */
  const dispatch = async (type: string, request?: FakeEvent['request']) => {
    const waited: Promise<unknown>[] = [];
    let answer: Promise<unknown> | undefined;
    listeners.get(type)!({
      ...(request && { request }),
      waitUntil: (promise) => waited.push(promise),
      respondWith: (promise) => (answer = promise),
    });
    await Promise.all(waited);
    return answer && (await answer);
  };
  return { calls, dispatch, listening: [...listeners.keys()] };
}

describe('the built service worker', () => {
  let code: string;
  beforeAll(async () => {
    code = await buildServiceWorker(fileURLToPath(new URL('./sw.ts', import.meta.url)), PRECACHE);
  });
  const cacheName = shellCacheName(buildVersion(PRECACHE));
  const olderBuild = shellCacheName('older');

  it('precaches index.html and the page-load files of the build, not source maps', () => {
    expect(PRECACHE).toEqual(['/assets/app-1.css', '/assets/app-1.js', '/index.html']);
  });

  it('is one classic script: no import or export left', () => {
    expect(code).not.toMatch(/^\s*(?:import|export)\b/m);
    const worker = runWorker(code, []);
    expect(worker.listening.sort()).toEqual(['activate', 'fetch', 'install']);
  });

  it('installs by caching the build’s files under the build’s cache, then takes over', async () => {
    const worker = runWorker(code, []);
    await worker.dispatch('install');
    expect(worker.calls).toEqual([
      `open ${cacheName}`,
      `addAll ${PRECACHE.join(' ')}`,
      'skipWaiting',
    ]);
  });

  it('activates by deleting older builds’ caches, and only those', async () => {
    const worker = runWorker(code, [olderBuild, cacheName, 'another-app']);
    await worker.dispatch('activate');
    expect(worker.calls).toEqual([`delete ${olderBuild}`, 'claim']);
  });

  it('answers a board’s page from the cache and leaves the relay to the network', async () => {
    const worker = runWorker(code, []);
    const get = (path: string, mode: string) =>
      worker.dispatch('fetch', { method: 'GET', mode, url: `${ORIGIN}${path}` });
    expect(await get('/r/room-1', 'navigate')).toBe('cached /index.html');
    expect(await get('/assets/app-1.js', 'no-cors')).toBe('cached /assets/app-1.js');
    for (const path of ['/ws/room-1', '/healthz', '/readyz', '/metrics', '/r/a.b']) {
      expect(await get(path, 'navigate'), path).toBeUndefined();
    }
    expect(worker.calls).toEqual([
      `match /index.html in ${cacheName}`,
      `match /assets/app-1.js in ${cacheName}`,
    ]);
  });
});
