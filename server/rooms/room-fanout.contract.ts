import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeAwareness } from '../protocol/messages.ts';
import type { LogPosition } from '../storage/doc-store.ts';
import type { FanoutBus, RoomFanout, RoomMessage } from './room-fanout.ts';
import { SharedFrames } from './shared-frames.ts';

export interface FanoutHarness {
  /**
   * The bus of one more relay instance (a process). Each call may be another instance on the
   * same transport (Redis) or hand back one shared bus (in process, where that bus stands for
   * every instance).
   */
  create(): Promise<FanoutBus>;
  /**
   * Appends `updates` to `room`'s log as `bus`'s instance does before publishing them (the
   * DocStore's job); resolves to the end of the append.
   */
  store(bus: FanoutBus, room: string, updates: readonly Uint8Array[]): Promise<LogPosition>;
  /**
   * Resolves once everything published so far has reached its handlers, and the instances
   * joined so far are ready to hear (a subscription may take a round trip).
   */
  settle(): Promise<void>;
  cleanup(): Promise<void>;
}

/** Client `n`'s presence, as an awareness message a relay sends its peers. */
const presenceFrame = (n: number): Uint8Array =>
  encodeAwareness(
    encoding.encode((encoder) => {
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint(encoder, n);
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, JSON.stringify({ n }));
    }),
  );
const presence = (n: number): RoomMessage => ({
  type: 'presence',
  frames: SharedFrames.awareness([presenceFrame(n)]),
});

/** Everything `fanout` hears, as it heard it. */
function listen(fanout: RoomFanout): RoomMessage[] {
  const heard: RoomMessage[] = [];
  fanout.onRemote((message) => heard.push(message));
  return heard;
}

/**
 * What was heard, as bytes: updates in the order heard (the log's order), presence in the order
 * heard. The two kinds travel apart (a log and a channel), so their interleaving is not promised.
 */
function heardBytes(heard: readonly RoomMessage[]) {
  return {
    updates: heard.flatMap((message) =>
      message.type === 'updates'
        ? [{ end: message.end, updates: message.updates.map((u) => [...u]) }]
        : [],
    ),
    presence: heard.flatMap((message) =>
      message.type === 'presence' ? [message.frames.messages.map((f) => [...f])] : [],
    ),
  };
}

/** The behaviour every RoomFanout must have; run against each implementation. */
export function describeRoomFanout(name: string, harness: () => FanoutHarness): void {
  describe(`${name} (RoomFanout contract)`, () => {
    let h: FanoutHarness;
    const joined: RoomFanout[] = [];
    /** Joins `room` on `bus` before anything is stored in it: it reads from the start. */
    const join = (bus: FanoutBus, room: string) => {
      const fanout = bus.join(room);
      fanout.readFrom(0);
      joined.push(fanout);
      return fanout;
    };
    /** Stores `n` as `bus`'s instance, then publishes it, as a room does. */
    const write = async (bus: FanoutBus, fanout: RoomFanout, room: string, n: number) => {
      const updates = [Uint8Array.of(n)];
      const end = await h.store(bus, room, updates);
      fanout.publish({
        type: 'updates',
        updates,
        end,
        frames: SharedFrames.sync(Uint8Array.of(0, 2, 1, n)),
      });
      return { end, updates: [[n]] };
    };
    beforeEach(() => {
      h = harness();
    });
    afterEach(async () => {
      for (const fanout of joined.splice(0)) fanout.close();
      await h.cleanup();
    });

    it('delivers to every other instance of the room, in order, never back to the publisher', async () => {
      const buses = [await h.create(), await h.create(), await h.create()] as const;
      const [a, b, c] = buses.map((bus) => join(bus, 'board')) as [
        RoomFanout,
        RoomFanout,
        RoomFanout,
      ];
      const [heardA, heardB, heardC] = [listen(a), listen(b), listen(c)];
      await h.settle();
      const one = await write(buses[0], a, 'board', 1);
      a.publish(presence(2));
      const three = await write(buses[1], b, 'board', 3);
      await h.settle();
      const presenceTwo = [[...presenceFrame(2)]];
      expect(heardBytes(heardA)).toEqual({ updates: [three], presence: [] });
      expect(heardBytes(heardB)).toEqual({ updates: [one], presence: [presenceTwo] });
      expect(heardBytes(heardC)).toEqual({ updates: [one, three], presence: [presenceTwo] });
      expect(three.end, 'the log orders the appends').toBeGreaterThan(one.end);
    });

    it("waits, for a write's order, until the other instances' earlier updates are heard", async () => {
      const busA = await h.create();
      const busB = await h.create();
      const a = join(busA, 'board');
      const b = join(busB, 'board');
      const heardB = listen(b);
      const one = await write(busA, a, 'board', 1);
      const two = await h.store(busB, 'board', [Uint8Array.of(2)]);
      await b.ordered(two);
      expect(heardBytes(heardB).updates, "a's update is heard before b's own goes on").toEqual([
        one,
      ]);
      // Nothing of others before its own: a resolves (null: at once), never rejects.
      expect(await a.ordered(one.end)).toBeFalsy();
    });

    it('keeps rooms apart, including names that prefix each other', async () => {
      const busA = await h.create();
      const busB = await h.create();
      const a = join(busA, 'a');
      const [ab, other] = [join(busB, 'a-b'), join(busB, 'a')];
      const [heardAb, heardOther] = [listen(ab), listen(other)];
      await h.settle();
      await write(busA, a, 'a', 1);
      a.publish(presence(2));
      await h.settle();
      expect(heardAb).toEqual([]);
      expect(heardOther.map((message) => message.type).sort()).toEqual(['presence', 'updates']);
    });

    it('stops both ways once an instance closes, and a later handler replaces the first', async () => {
      const busA = await h.create();
      const busB = await h.create();
      const a = join(busA, 'board');
      const b = join(busB, 'board');
      const heardA = listen(a);
      const first = listen(b);
      const second = listen(b);
      await h.settle();
      await write(busA, a, 'board', 1);
      await h.settle();
      expect(first).toEqual([]);
      expect(second).toHaveLength(1);
      b.close();
      await write(busA, a, 'board', 2);
      a.publish(presence(3));
      // A closed instance stores nothing; what it would still publish goes nowhere.
      b.publish(presence(4));
      await h.settle();
      expect(second).toHaveLength(1);
      expect(heardA).toEqual([]);
    });
  });
}
