/**
 * Whether the page offers to reload into a new version of the app. Pure, tested directly;
 * service-worker.ts feeds it the browser's events and UpdateBanner.svelte shows it.
 *
 * The worker (sw.ts) of a new build takes over open pages at once (skipWaiting + clients.claim),
 * which the page sees as a `controllerchange`. That same event also fires when a page loaded
 * without any worker (the first visit, or a hard reload) is claimed by the worker of its own
 * build: that is not a new version. So what a controller change means depends on whether the
 * page already had a controller.
 *
 * The page never reloads itself: someone may be drawing or typing. It offers, and the person
 * chooses when (their unsent changes are kept on the device across a reload in any case).
 */
export type UpdateNotice =
  /** Loaded without a worker: the next controller is this page's own build's. */
  | { readonly kind: 'uncontrolled' }
  /** Running the build its worker serves, as far as the page knows. */
  | { readonly kind: 'current' }
  /** A newer build's worker has taken over: offer to reload. */
  | { readonly kind: 'available' }
  /** The person closed the offer; a later build offers again. */
  | { readonly kind: 'dismissed' };

export type UpdateEvent = { readonly kind: 'controller-changed' } | { readonly kind: 'dismiss' };

/** `controlled`: navigator.serviceWorker.controller was set when the page loaded. */
export function initialUpdateNotice(controlled: boolean): UpdateNotice {
  return controlled ? { kind: 'current' } : { kind: 'uncontrolled' };
}

export function nextUpdateNotice(notice: UpdateNotice, event: UpdateEvent): UpdateNotice {
  switch (event.kind) {
    case 'controller-changed':
      return notice.kind === 'uncontrolled' ? { kind: 'current' } : { kind: 'available' };
    case 'dismiss':
      return notice.kind === 'available' ? { kind: 'dismissed' } : notice;
  }
}

export const offersReload = (notice: UpdateNotice): boolean => notice.kind === 'available';

/**
 * How often an open page asks the server whether sw.js changed. Browsers check on navigation
 * only (and at most once a day for a page never reloaded); a board left open all day should
 * learn of a deployment within half an hour. Each check is one conditional GET of sw.js.
 */
export const UPDATE_CHECK_INTERVAL_MS = 30 * 60 * 1000;
