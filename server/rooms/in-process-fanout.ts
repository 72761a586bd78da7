import type { FanoutBus, RoomFanout, RoomMessage } from './room-fanout.ts';

type Handler = (message: RoomMessage) => void;

/**
 * Room instances of one process meeting in memory: delivery is synchronous, in publish order.
 * One server has one instance per room, so a room's list holds just itself; tests put two
 * instances of a room on one bus to stand for two processes.
 */
export class InProcessBus implements FanoutBus {
  readonly #rooms = new Map<string, InProcessFanout[]>();

  join(room: string): RoomFanout {
    const member = new InProcessFanout(this, room);
    const members = this.#rooms.get(room);
    if (members) members.push(member);
    else this.#rooms.set(room, [member]);
    return member;
  }

  /** Instances of `room` on this bus, for tests. */
  instances(room: string): number {
    return this.#rooms.get(room)?.length ?? 0;
  }

  deliver(from: InProcessFanout, room: string, message: RoomMessage): void {
    const members = this.#rooms.get(room);
    if (!members || members.length < 2) return;
    // A copy: a handler may fail its room, which leaves the bus.
    for (const member of [...members]) if (member !== from) member.handler?.(message);
  }

  leave(member: InProcessFanout, room: string): void {
    const members = this.#rooms.get(room);
    if (!members) return;
    const at = members.indexOf(member);
    if (at >= 0) members.splice(at, 1);
    if (members.length === 0) this.#rooms.delete(room);
  }
}

class InProcessFanout implements RoomFanout {
  readonly #bus: InProcessBus;
  readonly #room: string;
  handler: Handler | null = null;
  #open = true;

  constructor(bus: InProcessBus, room: string) {
    this.#bus = bus;
    this.#room = room;
  }

  publish(message: RoomMessage): void {
    if (this.#open) this.#bus.deliver(this, this.#room, message);
  }

  onRemote(handler: Handler): void {
    if (this.#open) this.handler = handler;
  }

  readFrom(): void {
    // Delivery is synchronous, in publish order: nothing to start.
  }

  ordered(): null {
    return null;
  }

  answerPresenceWith(): void {
    // One process is one instance of a room: nobody opens it later and misses a state.
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.handler = null;
    this.#bus.leave(this, this.#room);
  }
}
