/**
 * What the service worker (sw.ts) does with each request, and how its caches are named. Pure, so
 * that it is tested directly and typechecks for the page, the worker and Node alike.
 *
 * Page loads of `/` and `/r/<room>` get the cached index.html: a board visited once opens with
 * no network, its content coming from IndexedDB. Precached files (index.html and this build's
 * hashed assets) come from the cache. Everything else goes to the network untouched: the relay's
 * own endpoints (`/ws`, `/healthz`, `/readyz`, `/metrics`), other origins, anything but GET.
 */
import { Endpoint, isAppPage } from '../../../protocol/endpoints.ts';

/** Every build's cache starts so; activating a build deletes the other builds' caches. */
const SHELL_CACHE_PREFIX = 'whiteboard-shell-';

export function shellCacheName(buildVersion: string): string {
  return `${SHELL_CACHE_PREFIX}${buildVersion}`;
}

/** True for the cache of another build of this app; never for caches it did not make. */
export function isStaleShellCache(name: string, current: string): boolean {
  return name.startsWith(SHELL_CACHE_PREFIX) && name !== current;
}

/** The parts of a fetch the answer depends on (a Request has them). */
export interface RequestFacts {
  readonly method: string;
  readonly mode: string;
  readonly url: string;
}

/** Leave it to the network, or answer from the cache (the network if `path` is not cached). */
export type ShellAnswer =
  { readonly kind: 'network' } | { readonly kind: 'cache'; readonly path: string };

const NETWORK: ShellAnswer = { kind: 'network' };

export function shellAnswer(
  request: RequestFacts,
  origin: string,
  precached: ReadonlySet<string>,
): ShellAnswer {
  if (request.method !== 'GET') return NETWORK;
  const url = new URL(request.url);
  if (url.origin !== origin) return NETWORK;
  if (request.mode === 'navigate' && isAppPage(url.pathname)) {
    return { kind: 'cache', path: Endpoint.appShell };
  }
  if (precached.has(url.pathname)) return { kind: 'cache', path: url.pathname };
  return NETWORK;
}
