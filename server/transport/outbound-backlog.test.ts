import { describe, expect, it } from 'vitest';
import { OutboundBacklog } from './outbound-backlog.ts';

const MiB = 1024 * 1024;

describe('OutboundBacklog', () => {
  it('counts nothing for the newest message, however large', () => {
    const outbound = new OutboundBacklog();
    outbound.wrote(100, false);
    outbound.wrote(10 * MiB, false);
    expect(outbound.backlog(10 * MiB)).toBe(0);
    // The older message is still queued too: that part is a backlog.
    expect(outbound.backlog(10 * MiB + 100)).toBe(100);
  });

  it('does not count the answer while it drains, also after later writes', () => {
    const outbound = new OutboundBacklog();
    outbound.wrote(16 * MiB, true);
    outbound.wrote(200, false);
    outbound.wrote(300, false);
    // All of the answer is still queued: only the 200 bytes besides it and the newest count.
    expect(outbound.backlog(16 * MiB + 500)).toBe(200);
    // Half of it sent: still nothing of it counts.
    expect(outbound.backlog(8 * MiB + 500)).toBe(200);
  });

  it('counts what piles up beyond the answer', () => {
    const outbound = new OutboundBacklog();
    outbound.wrote(16 * MiB, true);
    for (let i = 0; i < 10; i++) outbound.wrote(MiB, false);
    expect(outbound.backlog(26 * MiB)).toBe(9 * MiB);
  });

  it('exempts only the answer, not what was queued before it', () => {
    const outbound = new OutboundBacklog();
    outbound.wrote(5 * MiB, false);
    outbound.wrote(MiB, false);
    outbound.wrote(16 * MiB, true);
    expect(outbound.backlog(22 * MiB)).toBe(6 * MiB);
  });

  it('exempts one answer at a time: asking again makes the previous one a backlog', () => {
    const outbound = new OutboundBacklog();
    outbound.wrote(16 * MiB, true);
    outbound.wrote(16 * MiB, true);
    expect(outbound.backlog(32 * MiB)).toBe(16 * MiB);
  });

  it('counts everything queued once the queue has not moved for a whole check interval', () => {
    const outbound = new OutboundBacklog();
    outbound.wrote(16 * MiB, true);
    outbound.wrote(100, false);
    // The first check only notes where the queue starts: the answer may have just been written.
    expect(outbound.checkDrain(12 * MiB + 100)).toBe(false);
    // It moved: still draining.
    expect(outbound.checkDrain(11 * MiB + 100)).toBe(false);
    expect(outbound.backlog(11 * MiB + 100)).toBe(0);
    // It did not move since: from now on the answer and the newest message count.
    expect(outbound.checkDrain(11 * MiB + 100)).toBe(true);
    expect(outbound.backlog(11 * MiB + 100)).toBe(11 * MiB + 100);
    expect(outbound.checkDrain(11 * MiB + 100)).toBe(false);
    // A message written later is the newest again, the stalled ones still count.
    outbound.wrote(50, false);
    expect(outbound.backlog(11 * MiB + 150)).toBe(11 * MiB + 100);
  });

  it('counts a big newest message that stalls, as one that was no answer', () => {
    const outbound = new OutboundBacklog();
    outbound.wrote(4 * MiB, false);
    expect(outbound.checkDrain(3 * MiB)).toBe(false);
    expect(outbound.backlog(3 * MiB)).toBe(0);
    expect(outbound.checkDrain(3 * MiB)).toBe(true);
    expect(outbound.backlog(3 * MiB)).toBe(3 * MiB);
  });

  it('leaves an empty or moving queue alone', () => {
    const outbound = new OutboundBacklog();
    outbound.wrote(MiB, true);
    outbound.wrote(100, false);
    expect(outbound.checkDrain(100)).toBe(false);
    expect(outbound.checkDrain(0)).toBe(false);
    expect(outbound.checkDrain(0)).toBe(false);
    outbound.wrote(MiB, false);
    expect(outbound.checkDrain(MiB / 2)).toBe(false);
    expect(outbound.backlog(MiB / 2)).toBe(0);
  });
});
