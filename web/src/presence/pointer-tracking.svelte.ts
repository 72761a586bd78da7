import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import type { Vec } from '../model/geometry.ts';
import { screenToWorld, type Viewport } from '../model/viewport.ts';
import type { Presence } from './presence.svelte.ts';

/** Input anywhere on the page that shows someone is at the keyboard, not just over the board. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel'] as const;

/**
 * An attachment for the element that receives the board's pointer events (its top canvas):
 * publishes the pointer's world position while it is over the element, clears it when the
 * pointer leaves, and counts input anywhere on the page as activity.
 *
 *   <canvas {@attach trackPointer(presence, () => viewport)}></canvas>
 *
 * When the board pans or zooms under a pointer that stays still, the world point under it
 * changes; if `getViewport` reads reactive state, the published position follows.
 */
export function trackPointer(
  presence: Presence,
  getViewport: () => Viewport,
): Attachment<HTMLElement> {
  return (element) => {
    let screen: Vec | null = null;

    const onMove = (event: PointerEvent) => {
      const box = element.getBoundingClientRect();
      screen = { x: event.clientX - box.left, y: event.clientY - box.top };
      presence.moveCursor(screenToWorld(getViewport(), screen));
    };
    const onLeave = () => {
      screen = null;
      presence.leaveBoard();
    };
    const onActivity = () => presence.noteActivity();

    element.addEventListener('pointermove', onMove);
    element.addEventListener('pointerdown', onMove);
    element.addEventListener('pointerleave', onLeave);
    for (const type of ACTIVITY_EVENTS) {
      window.addEventListener(type, onActivity, { capture: true, passive: true });
    }

    $effect(() => {
      const viewport = getViewport();
      untrack(() => {
        if (screen) presence.moveCursor(screenToWorld(viewport, screen));
      });
    });

    return () => {
      element.removeEventListener('pointermove', onMove);
      element.removeEventListener('pointerdown', onMove);
      element.removeEventListener('pointerleave', onLeave);
      for (const type of ACTIVITY_EVENTS) {
        window.removeEventListener(type, onActivity, { capture: true });
      }
    };
  };
}
