/**
 * Registers the service worker that keeps the app shell for offline use (built into
 * dist/sw.js from sw.ts; shell.ts says what it caches and intercepts).
 * Production builds only: the dev server has no sw.js, and a worker left over from a build
 * would serve stale code during development.
 */
import { Endpoint } from '../../../protocol/endpoints.ts';

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker
      .register(Endpoint.serviceWorker, { scope: '/' })
      .catch((error: unknown) => {
        // The board still works online; only opening it without a network will not.
        console.warn('Offline use is unavailable: the service worker did not register', error);
      });
  };
  // After the load event, so precaching does not compete with the board's first sync.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
