import { describe, expect, it } from 'vitest';
import {
  initialUpdateNotice,
  nextUpdateNotice,
  offersReload,
  type UpdateEvent,
  type UpdateNotice,
} from './update-notice.ts';

const changed: UpdateEvent = { kind: 'controller-changed' };
const dismiss: UpdateEvent = { kind: 'dismiss' };
const run = (start: UpdateNotice, events: UpdateEvent[]) => events.reduce(nextUpdateNotice, start);

describe('the new-version notice', () => {
  it('offers to reload when a new worker takes over a page that had one', () => {
    const notice = run(initialUpdateNotice(true), [changed]);
    expect(notice.kind).toBe('available');
    expect(offersReload(notice)).toBe(true);
  });

  it("stays quiet when a first visit's page is claimed by its own build's worker", () => {
    const loaded = initialUpdateNotice(false);
    expect(offersReload(loaded)).toBe(false);
    const claimed = run(loaded, [changed]);
    expect(claimed.kind).toBe('current');
    expect(offersReload(claimed)).toBe(false);
    // A build deployed after that first visit is a new version.
    expect(offersReload(run(claimed, [changed]))).toBe(true);
  });

  it('goes away when dismissed, and comes back for a later build', () => {
    const dismissed = run(initialUpdateNotice(true), [changed, dismiss]);
    expect(dismissed.kind).toBe('dismissed');
    expect(offersReload(dismissed)).toBe(false);
    expect(offersReload(run(dismissed, [changed]))).toBe(true);
  });

  it('ignores a dismissal when nothing is offered', () => {
    expect(run(initialUpdateNotice(true), [dismiss]).kind).toBe('current');
    expect(run(initialUpdateNotice(false), [dismiss]).kind).toBe('uncontrolled');
  });
});
