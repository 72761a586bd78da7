import { describe, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { QueuedBytes, type Backlogged } from './queued-bytes.ts';

/** A connection reduced to what the ledger sees: a backlog the test sets, and how it ended. */
class FakeBacklog implements Backlogged {
  state: 'open' | 'closing' | 'closed' = 'open';
  closedWith: CloseReason | null = null;
  terminated = false;
  constructor(public bytes: number) {}
  backlog(): number {
    return this.bytes;
  }
  close(reason: CloseReason): void {
    this.state = 'closing';
    this.closedWith = reason;
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('QueuedBytes', () => {
  it('closes the largest backlogs first until the rest fits, and no one else', () => {
    const ledger = new QueuedBytes(100, CloseReason.serverBacklog);
    const [small, large, medium] = [new FakeBacklog(10), new FakeBacklog(70), new FakeBacklog(40)];
    ledger.record(small, 10);
    ledger.record(large, 70);
    expect(large.closedWith).toBeNull();
    ledger.record(medium, 40);
    expect(large.closedWith).toBe(CloseReason.serverBacklog);
    expect(medium.closedWith).toBeNull();
    expect(small.closedWith).toBeNull();
  });

  it('measures again before closing anyone: a backlog the kernel drained does not count', () => {
    const ledger = new QueuedBytes(100, CloseReason.serverBacklog);
    const drained = new FakeBacklog(90);
    ledger.record(drained, 90);
    drained.bytes = 0;
    const next = new FakeBacklog(50);
    ledger.record(next, 50);
    expect(drained.closedWith).toBeNull();
    expect(next.closedWith).toBeNull();
    expect(ledger.total).toBe(50);
  });

  it('cuts a connection already closed for its backlog if it still holds the bytes', () => {
    const ledger = new QueuedBytes(100, CloseReason.addressBacklog);
    const stuck = new FakeBacklog(150);
    ledger.record(stuck, 150);
    expect(stuck.closedWith).toBe(CloseReason.addressBacklog);
    expect(stuck.terminated).toBe(false);
    // It never read its close frame; more bytes queue for someone else.
    const other = new FakeBacklog(5);
    ledger.record(other, 5);
    expect(stuck.terminated).toBe(true);
    expect(other.closedWith).toBeNull();
    ledger.forget(stuck);
    expect(ledger.total).toBe(5);
  });
});
