import { describe, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { RecentBytes, SharedInbound, type InboundSender } from './shared-inbound.ts';

/** A sender reduced to what the budget sees. */
class FakeSender implements InboundSender {
  state: 'open' | 'closing' | 'closed' = 'open';
  closedWith: CloseReason | null = null;
  readonly recent = new RecentBytes();
  recentBytes(now: number): number {
    return this.recent.read(now);
  }
  close(reason: CloseReason): void {
    this.state = 'closing';
    this.closedWith = reason;
  }
  /** What a connection does with each message: count it, then ask the budget. */
  send(budget: SharedInbound, bytes: number, now: number): CloseReason | null {
    this.recent.add(now, bytes);
    return budget.admit(this, bytes, now);
  }
}

const budget = () =>
  new SharedInbound(
    { bytesPerSecond: 1000, burst: 2000, heavyBytes: 1000, reason: CloseReason.roomVolume },
    0,
  );

describe('SharedInbound', () => {
  it('closes the heaviest sender when the budget runs dry, and delivers the light one', () => {
    const room = budget();
    const [heavy, light] = [new FakeSender(), new FakeSender()];
    room.add(heavy);
    room.add(light);
    expect(heavy.send(room, 1500, 0)).toBeNull();
    expect(light.send(room, 400, 0)).toBeNull();
    // Dry now. The light sender's next message goes through; the heavy one is closed for it.
    expect(light.send(room, 400, 1)).toBeNull();
    expect(heavy.closedWith).toBe(CloseReason.roomVolume);
    expect(light.closedWith).toBeNull();
  });

  it('refuses the message of a sender that is itself the heaviest', () => {
    const room = budget();
    const heavy = new FakeSender();
    room.add(heavy);
    expect(heavy.send(room, 1500, 0)).toBeNull();
    expect(heavy.send(room, 1500, 1)).toBe(CloseReason.roomVolume);
  });

  it('closes nobody at or below its fair share, however dry the budget', () => {
    const room = budget();
    const drawers = Array.from({ length: 5 }, () => new FakeSender());
    for (const drawer of drawers) room.add(drawer);
    // A share is 1000 B/s × 10 s ÷ 5 = 2000 bytes; each sends 1800, the five together 9000.
    for (let i = 0; i < 6; i++) {
      for (const drawer of drawers) expect(drawer.send(room, 300, i)).toBeNull();
    }
    expect(drawers.every((drawer) => drawer.closedWith === null)).toBe(true);
  });

  it('closes many light senders above their fair share, heaviest first, while it stays dry', () => {
    // Nobody here comes near heavyBytes; a share is 1000 B/s × 10 s ÷ 11 senders, 909 bytes.
    const room = new SharedInbound(
      { bytesPerSecond: 1000, burst: 2000, heavyBytes: 1_000_000, reason: CloseReason.roomVolume },
      0,
    );
    const writers = Array.from({ length: 10 }, () => new FakeSender());
    const honest = new FakeSender();
    for (const sender of [...writers, honest]) room.add(sender);
    const closedOrder: FakeSender[] = [];
    // A step every 200 ms: past the 100 ms a dry budget waits after a search found nobody.
    for (let step = 0; step < 20; step++) {
      const now = step * 200;
      for (const [i, writer] of writers.entries()) {
        if (writer.state !== 'open') continue;
        // The first writer sends a little more than the others: it is the heaviest.
        if (writer.send(room, i === 0 ? 120 : 100, now) !== null) writer.state = 'closing';
      }
      expect(honest.send(room, 5, now)).toBeNull();
      for (const writer of writers) {
        if (writer.state !== 'open' && !closedOrder.includes(writer)) closedOrder.push(writer);
      }
    }
    expect(closedOrder[0]).toBe(writers[0]);
    expect(closedOrder.length).toBeGreaterThanOrEqual(5);
    expect(honest.closedWith).toBeNull();
  });

  it('closes a sender at exactly its fair share only once it goes beyond it', () => {
    const room = new SharedInbound(
      { bytesPerSecond: 1000, burst: 2000, heavyBytes: 1_000_000, reason: CloseReason.roomVolume },
      0,
    );
    const [a, b] = [new FakeSender(), new FakeSender()];
    room.add(a);
    room.add(b);
    // B takes the whole burst; a share is 1000 B/s × 10 s ÷ 2 = 5000 bytes.
    expect(b.send(room, 2000, 0)).toBeNull();
    expect(a.send(room, 5000, 0)).toBeNull();
    // The search found nobody to blame: the next 100 ms pass unsearched. Then A, at 4950 bytes
    // after 100 ms of fading, sends 200 more than the 100 the budget has regained.
    expect(a.send(room, 200, 100)).toBe(CloseReason.roomVolume);
    expect(b.closedWith).toBeNull();
  });

  it('forgets old bytes: what a sender sent long ago stops making it heavy', () => {
    const recent = new RecentBytes();
    recent.add(0, 10_000);
    expect(recent.read(0)).toBe(10_000);
    expect(recent.read(10_000)).toBeCloseTo(10_000 / Math.E, 3);
    expect(recent.read(100_000)).toBeLessThan(1);
  });
});
