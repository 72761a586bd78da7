import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { appendPoints, beginStroke, finishStroke } from '../model/strokes.ts';
import { line } from '../model/test-support/drawing.ts';
import { SimRelay } from '../sync/test-support/sim-relay.ts';
import type { BoardSession } from './board-session.svelte.ts';
import { openBoard } from './test-support/open-board.svelte.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

function twoPeople() {
  const relay = new SimRelay();
  const alice = openBoard(relay, 'Alice');
  const bob = openBoard(relay, 'Bob');
  cleanup.push(() => relay.destroy());
  cleanup.push(() => alice.session.destroy());
  cleanup.push(() => bob.session.destroy());
  return { relay, alice, bob };
}

/** A pen gesture on `session`'s board, as its input writes it: one undo step, its own origin. */
function draw(session: BoardSession, id: string, batches = 3): void {
  const { doc, origin, history, presence } = session;
  history.beginStep();
  const author = presence.identity.id;
  beginStroke(doc, { id, color: '#e03131', width: 2, author, firstPoints: line(5) }, origin);
  for (let i = 1; i < batches; i++) appendPoints(doc, id, line(5, { x: 10 * i, y: 0 }), origin);
  finishStroke(doc, id, origin);
}

describe('a board session', () => {
  it("shows Bob the stroke Alice draws, with her as its author, in the test hook's terms", () => {
    const { alice, bob } = twoPeople();
    draw(alice.session, 's1');

    expect(bob.session.strokeCount).toBe(1);
    expect(bob.session.testHook().strokes).toEqual([
      {
        id: 's1',
        author: alice.session.presence.identity.id,
        color: '#e03131',
        done: true,
        pointCount: 15,
        bounds: expect.any(Object),
        type: 'stroke',
        text: null,
      },
    ]);
    expect(bob.session.testHook().room).toBe('room-1');
  });

  it('lets a view follow the stroke count as strokes arrive and go', () => {
    const { alice, bob } = twoPeople();
    const seen: number[] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        seen.push(bob.session.strokeCount);
      });
    });
    cleanup.push(stop);
    flushSync();
    draw(alice.session, 's1');
    flushSync();
    alice.session.history.undo();
    flushSync();
    expect(seen).toEqual([0, 1, 0]);
  });

  it('shows others the tool in hand, and who is here', () => {
    const { alice, bob } = twoPeople();
    alice.session.settings.tool = 'eraser';
    flushSync();
    const participants = bob.session.testHook().presence.participants;
    expect(participants.map(({ name, isSelf, tool }) => ({ name, isSelf, tool }))).toEqual([
      { name: 'Bob', isSelf: true, tool: 'pen' },
      { name: 'Alice', isSelf: false, tool: 'eraser' },
    ]);
  });

  it('shows only yourself while the link is offline, and everyone again once it is back', () => {
    const { relay, alice, bob } = twoPeople();
    bob.link.disconnect();
    flushSync();
    const names = () => bob.session.testHook().presence.participants.map(({ name }) => name);
    expect(names()).toEqual(['Bob']);
    expect(alice.session.testHook().presence.participants.map(({ name }) => name)).toEqual([
      'Alice',
    ]);
    bob.link.connect(relay);
    flushSync();
    expect(names()).toEqual(['Bob', 'Alice']);
  });

  it('leaves the room when closed: the others no longer list it', () => {
    const relay = new SimRelay();
    cleanup.push(() => relay.destroy());
    const alice = openBoard(relay, 'Alice');
    cleanup.push(() => alice.session.destroy());
    const bob = openBoard(relay, 'Bob');
    bob.session.destroy();
    expect(alice.session.testHook().presence.participants.map(({ name }) => name)).toEqual([
      'Alice',
    ]);
    expect(bob.link.client.connected).toBe(false);
  });

  it('shows the cursor of the tool in hand', () => {
    const { alice } = twoPeople();
    const { session } = alice;
    expect(session.cursor).toBe('crosshair');
    session.settings.tool = 'eraser';
    expect(session.cursor).toBe('none');
    session.settings.tool = 'hand';
    expect(session.cursor).toBe('grab');
  });

  it("redraws when a peer's stroke arrives, the camera moves or the theme changes, and not otherwise", () => {
    const { alice, bob } = twoPeople();
    const { frames, session, theme } = bob;
    frames.tick();
    expect(frames.requested).toBe(0);

    draw(alice.session, 's1');
    expect(frames.requested).toBe(1);
    frames.tick();

    session.camera.zoomIn();
    flushSync();
    expect(frames.requested).toBe(1);
    frames.tick();

    theme.current = 'dark';
    flushSync();
    expect(frames.requested).toBe(1);
    frames.tick();

    flushSync();
    expect(frames.requested).toBe(0);
  });
});
