import { flushSync } from 'svelte';
import { ManualFrames } from '../../canvas/test-support/manual-frames.ts';
import { IdentityStore } from '../../presence/identity.svelte.ts';
import type { SimRelay } from '../../sync/test-support/sim-relay.ts';
import { ManualClock } from '../../timing/test-support/manual-clock.ts';
import type { BoardTheme } from '../../tools/palette.ts';
import { BoardSession } from '../board-session.svelte.ts';
import { SimLink } from './sim-link.svelte.ts';

export class TestTheme {
  current = $state<BoardTheme>('light');
}

export interface OpenBoard {
  readonly session: BoardSession;
  readonly link: SimLink;
  readonly frames: ManualFrames;
  readonly theme: TestTheme;
}

/**
 * `name` opens the board `room` in a tab of their own, connected to `relay`, with time and
 * frames in the test's hands. Close it with `session.destroy()`.
 */
export function openBoard(
  relay: SimRelay,
  name: string,
  clock = new ManualClock(),
  access: 'edit' | 'view' = 'edit',
): OpenBoard {
  const link = new SimLink('room-1');
  const identity = new IdentityStore({ storage: null });
  identity.rename(name);
  const frames = new ManualFrames();
  const theme = new TestTheme();
  const session = new BoardSession({
    link,
    theme,
    presence: { identity, timers: clock, idleMs: 60_000 },
    frames,
    access,
  });
  link.connect(relay);
  flushSync();
  return { session, link, frames, theme };
}
