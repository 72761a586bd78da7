import { describe, expect, it } from 'vitest';
import { Endpoint, roomSocketPath } from '../../../protocol/endpoints.ts';
import { parseRoute } from '../routing.ts';
import { isStaleShellCache, shellAnswer, shellCacheName } from './shell.ts';

const ORIGIN = 'https://board.example';
const precached = new Set(['/index.html', '/assets/app-1.js', '/assets/app-1.css']);
const answer = (path: string, mode = 'navigate', method = 'GET', origin = ORIGIN) =>
  shellAnswer({ method, mode, url: `${origin}${path}` }, ORIGIN, precached);

const NETWORK = { kind: 'network' };
const APP_SHELL = { kind: 'cache', path: Endpoint.appShell };

describe('the service worker’s answers', () => {
  it('answers app pages with the cached app shell', () => {
    for (const path of ['/', '/r/room-1', '/r/AbC_9/', '/r/room-1?x=1', '/l', '/l#AbC']) {
      expect(answer(path), path).toEqual(APP_SHELL);
    }
  });

  it('leaves the relay’s endpoints to the network, whatever the request', () => {
    const relay = [
      Endpoint.socket,
      roomSocketPath('room-1'),
      Endpoint.health,
      Endpoint.ready,
      Endpoint.metrics,
    ];
    for (const path of relay) {
      for (const mode of ['navigate', 'cors', 'no-cors', 'websocket']) {
        expect(answer(path, mode), `${mode} ${path}`).toEqual(NETWORK);
      }
    }
  });

  it('leaves pages that are no board to the network, so the relay answers them (400, 404)', () => {
    for (const path of ['/r/a.b', `/r/${'x'.repeat(65)}`, '/r/', '/r/a/b', '/nowhere']) {
      expect(answer(path), path).toEqual(NETWORK);
    }
  });

  it('answers exactly the pages the app routes as a board', () => {
    const paths = ['/', '/r/a', '/r/a/', '/r/a.b', '/r/', '/r//', '/r/a/b', '/ws/a', '/x'];
    for (const path of paths) {
      const routed = parseRoute(path).kind !== 'invalid';
      expect(answer(path).kind === 'cache', path).toBe(routed);
    }
  });

  it('answers precached files from the cache, and nothing else of the origin', () => {
    expect(answer('/assets/app-1.js', 'no-cors')).toEqual({
      kind: 'cache',
      path: '/assets/app-1.js',
    });
    expect(answer(Endpoint.appShell, 'navigate')).toEqual(APP_SHELL);
    expect(answer('/assets/app-0.js', 'no-cors')).toEqual(NETWORK);
    expect(answer(Endpoint.serviceWorker, 'same-origin')).toEqual(NETWORK);
  });

  it('leaves anything but a GET of its own origin alone', () => {
    expect(answer('/r/room-1', 'navigate', 'POST')).toEqual(NETWORK);
    expect(answer('/assets/app-1.js', 'no-cors', 'HEAD')).toEqual(NETWORK);
    expect(answer('/r/room-1', 'navigate', 'GET', 'https://elsewhere.example')).toEqual(NETWORK);
  });
});

describe('shell caches', () => {
  it('are named per build, and only other builds’ caches are stale', () => {
    const current = shellCacheName('v2');
    expect(isStaleShellCache(shellCacheName('v1'), current)).toBe(true);
    expect(isStaleShellCache(current, current)).toBe(false);
    expect(isStaleShellCache('someone-else', current)).toBe(false);
  });
});
