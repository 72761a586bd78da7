/**
 * Presence: who else is on the board, where their pointers are, and who we are to them.
 *
 * Wiring it into a board (board/board-session.svelte.ts does exactly this), given `connection.awareness` (the
 * y-websocket provider's awareness), the camera's viewport and the top canvas layer:
 *
 *   const presence = new Presence(connection.awareness, presenceSettingsFromUrl(location.search));
 *   $effect(() => presence.setConnectionStatus(connection.status));  // offline/online handling
 *   $effect(() => presence.setTool(settings.tool));                   // optional: shown to others
 *   $effect(() => { void presence.cursors.version; redrawTopLayer(); });
 *   // teardown, before connection.destroy():  presence.destroy();
 *   // test hook (board/test-hook.ts):          get presence() { return presence.snapshot(); }
 *   // new strokes:                            author: presence.identity.id
 *
 *   <!-- the element that gets the board's pointer events (the top canvas) -->
 *   <canvas {@attach trackPointer(presence, () => camera.viewport)}></canvas>
 *   <ParticipantList {presence} />
 *
 *   // Drawing the top layer, once per frame while anything there changes:
 *   ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);   // CSS-pixel units
 *   drawCursors(ctx, presence.cursors.advance(now, viewport.zoom), viewport, size);
 *   if (presence.cursors.animating) redrawTopLayer();     // cursors still gliding
 *
 * `presence.identity.id` is stable per browser (localStorage), unlike `doc.clientID`, which is
 * new on every page load.
 *
 * Settings: the idle timeout is 60 s, or `?idleMs=<ms>` in the address (100 ms–24 h), which
 * end-to-end tests use to see someone go idle in seconds.
 *
 * Test hook: `window.__whiteboard.presence` is `Presence.snapshot()` at the moment of reading:
 *   { self: { clientId, userId, name, color, activity: 'active' | 'idle', cursor: {x, y} | null },
 *     cursors: [{ clientId, name, color, x, y, idle }],      // remote, world coords as published
 *     participants: [{ clientId, userId, name, color, idle, isSelf, tool? }] }   // self first
 *
 * The ParticipantList places itself fixed at the top right, `top` px from the top (its prop,
 * below the top bar); --participants-right on an ancestor moves it in from the right.
 */
export { Presence } from './presence.svelte.ts';
export { CURSOR_PUBLISH_INTERVAL_MS } from './local-presence.ts';
export type { PresenceOptions, PresenceSnapshot } from './presence.svelte.ts';
export { RemoteCursors } from './remote-cursors.svelte.ts';
export type {
  RemoteCursor,
  PresenceProblem,
  PresenceProblemReporter,
} from './remote-cursors.svelte.ts';
export { drawCursors } from './draw-cursors.ts';
export { trackPointer } from './pointer-tracking.svelte.ts';
export { presenceSettingsFromUrl, type PresenceSettings } from './settings.ts';
export { IdentityStore } from './identity.svelte.ts';
export type { IdentityStorage } from './identity-storage.ts';
export { PALETTE, MAX_NAME_LENGTH, type Identity } from './identity.ts';
export { readPresenceState, type PresenceState } from './awareness-state.ts';
export type { Participant } from './participants.ts';
export type { Activity } from './idle.ts';
export { default as ParticipantList } from './ParticipantList.svelte';
