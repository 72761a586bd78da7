/**
 * Registers the service worker that keeps the app shell for offline use (built into
 * dist/sw.js from sw.ts; shell.ts says what it caches and intercepts), and tells `update`
 * when a newer build's worker takes over the page (update-notice.ts).
 * Production builds only: the dev server has no sw.js, and a worker left over from a build
 * would serve stale code during development.
 */
import { Endpoint } from '../../../protocol/endpoints.ts';
import type { AppUpdate } from './app-update.svelte.ts';
import { UPDATE_CHECK_INTERVAL_MS } from './update-notice.ts';

/** Whether a service worker controls this page now: read before registering. */
export const pageIsControlled = (): boolean =>
  'serviceWorker' in navigator && navigator.serviceWorker.controller !== null;

export function registerServiceWorker(update: AppUpdate): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    update.handle({ kind: 'controller-changed' });
  });
  const register = () => {
    navigator.serviceWorker
      .register(Endpoint.serviceWorker, { scope: '/' })
      .then((registration) => {
        const check = () => {
          // Offline the check can only fail; the 'online' event checks again.
          if (!navigator.onLine) return;
          registration.update().catch((error: unknown) => {
            console.warn('Could not check for a new version of the app', error);
          });
        };
        setInterval(check, UPDATE_CHECK_INTERVAL_MS);
        window.addEventListener('online', check);
      })
      .catch((error: unknown) => {
        // The board still works online; only opening it without a network will not.
        console.warn('Offline use is unavailable: the service worker did not register', error);
      });
  };
  // After the load event, so precaching does not compete with the board's first sync.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
