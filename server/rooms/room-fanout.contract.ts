import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FanoutBus, RoomFanout, RoomMessage } from './room-fanout.ts';
import { SharedFrames } from './shared-frames.ts';

export interface FanoutHarness {
  /** A fresh bus, standing for every instance of the relay. */
  create(): Promise<FanoutBus>;
  /** Resolves once everything published so far has reached its handlers. */
  settle(): Promise<void>;
  cleanup(): Promise<void>;
}

const update = (n: number): RoomMessage => ({
  type: 'updates',
  updates: [Uint8Array.of(n)],
  end: n + 1,
  frames: SharedFrames.sync(Uint8Array.of(0, 2, 1, n)),
});
const presence = (n: number): RoomMessage => ({
  type: 'presence',
  frames: SharedFrames.awareness([Uint8Array.of(1, n)]),
});

/** Everything `fanout` hears, as it heard it. */
function listen(fanout: RoomFanout): RoomMessage[] {
  const heard: RoomMessage[] = [];
  fanout.onRemote((message) => heard.push(message));
  return heard;
}

/** The behaviour every RoomFanout must have; run against each implementation. */
export function describeRoomFanout(name: string, harness: () => FanoutHarness): void {
  describe(`${name} (RoomFanout contract)`, () => {
    let h: FanoutHarness;
    let bus: FanoutBus;
    const joined: RoomFanout[] = [];
    const join = (room: string) => {
      const fanout = bus.join(room);
      joined.push(fanout);
      return fanout;
    };
    beforeEach(async () => {
      h = harness();
      bus = await h.create();
    });
    afterEach(async () => {
      for (const fanout of joined.splice(0)) fanout.close();
      await h.cleanup();
    });

    it('delivers to every other instance of the room, in order, never back to the publisher', async () => {
      const [a, b, c] = [join('board'), join('board'), join('board')];
      const [heardA, heardB, heardC] = [listen(a), listen(b), listen(c)];
      a.publish(update(1));
      a.publish(presence(2));
      b.publish(update(3));
      await h.settle();
      const bytes = (heard: RoomMessage[]) =>
        heard.map((message) =>
          message.type === 'updates'
            ? { type: message.type, end: message.end, updates: message.updates.map((u) => [...u]) }
            : { type: message.type, frames: message.frames.messages.map((f) => [...f]) },
        );
      expect(bytes(heardA)).toEqual(bytes([update(3)]));
      expect(bytes(heardB)).toEqual(bytes([update(1), presence(2)]));
      expect(bytes(heardC)).toEqual(bytes([update(1), presence(2), update(3)]));
    });

    it('keeps rooms apart, including names that prefix each other', async () => {
      const [a, ab, other] = [join('a'), join('a-b'), join('a')];
      const [heardAb, heardOther] = [listen(ab), listen(other)];
      a.publish(update(1));
      await h.settle();
      expect(heardAb).toEqual([]);
      expect(heardOther).toHaveLength(1);
    });

    it('stops both ways once an instance closes, and a later handler replaces the first', async () => {
      const [a, b] = [join('board'), join('board')];
      const heardA = listen(a);
      const first = listen(b);
      const second = listen(b);
      a.publish(update(1));
      await h.settle();
      expect(first).toEqual([]);
      expect(second).toHaveLength(1);
      b.close();
      a.publish(update(2));
      b.publish(update(3));
      await h.settle();
      expect(second).toHaveLength(1);
      expect(heardA).toEqual([]);
    });
  });
}
