import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { SimRelay } from '../sync/test-support/sim-relay.ts';
import { ManualClock } from '../timing/test-support/manual-clock.ts';
import { BoardActions } from './board-actions.svelte.ts';
import { openBoard } from './test-support/open-board.svelte.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

/** Alice on a wide screen, Bob on a phone, in one room, with time in the test's hands. */
function twoScreens() {
  const relay = new SimRelay();
  const clock = new ManualClock();
  const alice = openBoard(relay, 'Alice', clock);
  const bob = openBoard(relay, 'Bob', clock);
  cleanup.push(() => relay.destroy());
  cleanup.push(() => alice.session.destroy());
  cleanup.push(() => bob.session.destroy());
  alice.session.camera.size = { width: 1200, height: 800 };
  bob.session.camera.size = { width: 390, height: 844 };
  flushSync();
  // Views are published at the cursor's rate: let the one for the new sizes go out.
  clock.advance(100);
  flushSync();
  return { clock, alice: alice.session, bob: bob.session };
}

const clientIdOf = (session: { link: { awareness: { clientID: number } } }) =>
  session.link.awareness.clientID;

describe('follow mode', () => {
  it('shows Bob what Alice looks at as she pans and zooms, until he moves himself', () => {
    const { clock, alice, bob } = twoScreens();
    bob.presence.follow(clientIdOf(alice));
    flushSync();
    // Alice's centre (600, 400) is at the centre of Bob's phone.
    expect(bob.camera.viewport).toEqual({ x: 600 - 195, y: 400 - 422, zoom: 1 });
    // Everyone sees who follows whom.
    const bobInAlicesList = alice.presence.participants.find((p) => !p.isSelf);
    expect(bobInAlicesList?.follows).toBe(clientIdOf(alice));

    clock.advance(100);
    alice.camera.viewport = { x: 1000, y: 0, zoom: 2 };
    flushSync();
    clock.advance(100);
    flushSync();
    expect(bob.camera.viewport).toEqual({ x: 1300 - 97.5, y: 200 - 211, zoom: 2 });

    bob.camera.pan({ x: 30, y: 0 });
    flushSync();
    expect(bob.presence.following).toBeNull();
    clock.advance(100);
    alice.camera.viewport = { x: 0, y: 0, zoom: 1 };
    flushSync();
    clock.advance(100);
    flushSync();
    expect(bob.camera.viewport.zoom).toBe(2);
  });

  it('stops with Escape, and when the person followed leaves', () => {
    const { alice, bob } = twoScreens();
    const actions = new BoardActions(bob);
    bob.presence.follow(clientIdOf(alice));
    flushSync();
    actions.run('escape');
    expect(bob.presence.following).toBeNull();

    bob.presence.follow(clientIdOf(alice));
    flushSync();
    alice.destroy();
    flushSync();
    expect(bob.presence.following).toBeNull();
  });
});
