/**
 * The new-version notice as the page's reactive state (update-notice.ts decides; this holds
 * the decision for UpdateBanner.svelte). Reloading is only ever the person's choice.
 */
import {
  initialUpdateNotice,
  nextUpdateNotice,
  offersReload,
  type UpdateEvent,
  type UpdateNotice,
} from './update-notice.ts';

export class AppUpdate {
  #notice: UpdateNotice = $state({ kind: 'uncontrolled' });

  /** `controlled`: a service worker controlled the page when it loaded. */
  constructor(controlled: boolean) {
    this.#notice = initialUpdateNotice(controlled);
  }

  get offered(): boolean {
    return offersReload(this.#notice);
  }

  handle(event: UpdateEvent): void {
    this.#notice = nextUpdateNotice(this.#notice, event);
  }
}
