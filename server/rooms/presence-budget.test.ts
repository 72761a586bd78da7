import { describe, expect, it } from 'vitest';
import { CloseReason, RefusedError } from '../protocol/close-reasons.ts';
import { PresenceBudget } from './presence-budget.ts';
import type { PresenceChange } from './presence-changes.ts';

const changes = (...list: [number, number | null][]): Map<number, PresenceChange> =>
  new Map(list.map(([clientId, bytes]) => [clientId, { clock: 1, bytes }]));

function refusal(budget: PresenceBudget, change: Map<number, PresenceChange>): RefusedError {
  try {
    budget.check(change);
  } catch (error) {
    if (error instanceof RefusedError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('PresenceBudget', () => {
  it('accepts states up to the cap and refuses the one that would cross it', () => {
    const budget = new PresenceBudget({ maxRoomPresenceBytes: 1000 });
    budget.check(changes([1, 600], [2, 400]));
    budget.hold(1, 600);
    budget.hold(2, 400);
    expect(budget.totalBytes).toBe(1000);
    expect(refusal(budget, changes([3, 1])).reason).toBe(CloseReason.roomPresenceFull);
  });

  it('counts a new state of a client in place of its old one', () => {
    const budget = new PresenceBudget({ maxRoomPresenceBytes: 1000 });
    budget.hold(1, 900);
    budget.check(changes([1, 1000]));
    expect(() => budget.check(changes([1, 1001]))).toThrow(RefusedError);
    budget.hold(1, 100);
    expect(budget.totalBytes).toBe(100);
  });

  it('never refuses a frame that does not grow the room, even past the cap', () => {
    const budget = new PresenceBudget({ maxRoomPresenceBytes: 1000 });
    budget.hold(1, 900);
    budget.hold(2, 900); // held before a restart with a lower cap, say
    budget.check(changes([1, 800]));
    budget.check(changes([1, null], [3, 500]));
    budget.check(changes([2, null]));
  });

  it('frees what a removed client held, once', () => {
    const budget = new PresenceBudget({ maxRoomPresenceBytes: 1000 });
    budget.hold(1, 700);
    budget.release(1);
    budget.release(1);
    budget.release(42);
    expect(budget.totalBytes).toBe(0);
    budget.check(changes([2, 1000]));
  });
});
