import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { LinkSessions, type Closable } from './link-sessions.ts';

/** A connection that reports its close back, as the server's do through onClosed. */
class FakeConnection implements Closable {
  readonly closes: CloseReason[] = [];
  constructor(private readonly sessions: LinkSessions<FakeConnection>) {}
  close(reason: CloseReason): void {
    this.closes.push(reason);
    this.sessions.closed(this);
  }
}

const NOW = 1_000_000;

afterEach(() => {
  vi.useRealTimers();
});

describe('LinkSessions', () => {
  it("counts a link's open connections, and forgets those that closed", () => {
    const sessions = new LinkSessions<FakeConnection>();
    const [a, b] = [new FakeConnection(sessions), new FakeConnection(sessions)];
    sessions.opened('L', null, a, NOW);
    sessions.opened('L', null, b, NOW);
    expect(sessions.count('L')).toBe(2);
    sessions.closed(a);
    sessions.closed(a);
    expect(sessions.count('L')).toBe(1);
    expect(sessions.count('other')).toBe(0);
  });

  it("closes a revoked link's connections with 4403, and every later one at once", () => {
    const sessions = new LinkSessions<FakeConnection>();
    const [a, b, other] = [1, 2, 3].map(() => new FakeConnection(sessions));
    sessions.opened('L', null, a!, NOW);
    sessions.opened('L', null, b!, NOW);
    sessions.opened('M', null, other!, NOW);
    sessions.revoked('L');
    expect(a!.closes).toEqual([CloseReason.linkRevoked]);
    expect(b!.closes).toEqual([CloseReason.linkRevoked]);
    expect(other!.closes).toEqual([]);
    expect(sessions.count('L')).toBe(0);
    // An upgrade that looked the link up before the revocation completes after it.
    const late = new FakeConnection(sessions);
    sessions.opened('L', null, late, NOW);
    expect(late.closes).toEqual([CloseReason.linkRevoked]);
    expect(sessions.count('L')).toBe(0);
  });

  it('closes the connections of a link when it expires, with 4403', () => {
    vi.useFakeTimers({ now: NOW });
    const sessions = new LinkSessions<FakeConnection>();
    const a = new FakeConnection(sessions);
    sessions.opened('L', NOW + 5000, a, NOW);
    vi.advanceTimersByTime(4999);
    expect(a.closes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(a.closes).toEqual([CloseReason.linkExpired]);
    const late = new FakeConnection(sessions);
    sessions.opened('L', NOW + 5000, late, NOW + 5000);
    expect(late.closes).toEqual([CloseReason.linkExpired]);
  });

  it('waits out an expiry past what one timer can hold (24.8 days)', () => {
    vi.useFakeTimers({ now: NOW });
    const sessions = new LinkSessions<FakeConnection>();
    const a = new FakeConnection(sessions);
    const days = 40;
    sessions.opened('L', NOW + days * 86_400_000, a, NOW);
    vi.advanceTimersByTime(days * 86_400_000 - 1);
    expect(a.closes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(a.closes).toEqual([CloseReason.linkExpired]);
  });

  it('drops its timer once the last connection of a link is gone', () => {
    vi.useFakeTimers({ now: NOW });
    const sessions = new LinkSessions<FakeConnection>();
    const a = new FakeConnection(sessions);
    sessions.opened('L', NOW + 5000, a, NOW);
    sessions.closed(a);
    expect(vi.getTimerCount()).toBe(0);
  });
});
