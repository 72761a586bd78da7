import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { awarenessFrame } from '../test-support/frames.ts';
import { Relay, closeOf, expectSurvives, type Attack } from '../test-support/relay-harness.ts';

const ROOM = 'presence';

const send = (name: string, frames: Uint8Array[]): Attack => ({
  name,
  send: (raw) => {
    for (const frame of frames) raw.ws.send(frame);
  },
});

let relay: Relay;
beforeEach(async () => {
  relay = await Relay.start();
});
afterEach(async () => {
  await relay.stop();
});

describe('a presence state over the limits closes only its sender, with 1007', () => {
  it.each([
    // Parsed fine, then overflowed the stack when the room re-encoded it, and ended the process.
    send('nested 5,000 levels deep (10 KB)', [
      awarenessFrame([[4242, '['.repeat(5000) + ']'.repeat(5000)]]),
    ]),
    send('nested 33 levels deep', [
      awarenessFrame([[4242, '{"a":'.repeat(33) + '1' + '}'.repeat(33)]]),
    ]),
    send('larger than 8 KiB', [
      awarenessFrame([[4242, JSON.stringify({ name: 'x'.repeat(9000) })]]),
    ]),
  ])('$name', (attack) =>
    expectSurvives(relay, ROOM, attack, CloseReason.invalidPayload.code, 'invalid_payload'),
  );
});

describe('one connection may announce only a few presence clients', () => {
  it.each([
    // 545 KB: each id used to be added with includes + concat, stalling the process for 43 s.
    send('80,000 client ids in one frame', [
      awarenessFrame(Array.from({ length: 80_000 }, (_, i) => [i + 1, '{}'] as const)),
    ]),
    send('nine client ids in nine frames', [
      ...Array.from({ length: 9 }, (_, i) => awarenessFrame([[i + 1, '{}']])),
    ]),
  ])('$name: closed with 1008', (attack) =>
    expectSurvives(relay, ROOM, attack, CloseReason.presenceLimit.code, 'presence_limit'),
  );

  it('lets a client renew and remove its own state as often as it likes', async () => {
    const raw = await relay.raw(ROOM);
    for (let clock = 1; clock <= 50; clock++) {
      raw.ws.send(awarenessFrame([[7, JSON.stringify({ clock })]], clock));
    }
    raw.ws.send(awarenessFrame([[7, 'null']], 51));
    raw.ws.send(awarenessFrame([[7, '{"back":true}']], 52));
    const watcher = await relay.joinSynced(ROOM, 'watcher');
    await expect.poll(() => watcher.provider.awareness.getStates().get(7)).toEqual({ back: true });
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    raw.ws.close();
    await closeOf(raw);
  });
});
