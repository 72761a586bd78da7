import { describe, expect, it } from 'vitest';
import { AddressBudget, type AddressLimits } from './address-budget.ts';

const LIMITS: AddressLimits = {
  maxConnectionsPerIp: 50,
  upgradesPerSecondPerIp: 20,
  newRoomsPerMinutePerIp: 30,
  maxBufferedBytesPerIp: 64 * 1024 * 1024,
  ipRateLimitBytesPerSecond: 16 * 1024 * 1024,
  maxPayload: 4 * 1024 * 1024,
};

describe('AddressBudget seats', () => {
  it('never counts below zero when a seat is given back twice or never taken', () => {
    const budget = new AddressBudget('203.0.113.5', LIMITS, 0);
    budget.release('atlas', 0);
    expect(budget.connections).toBe(0);
    expect(budget.roomConnections('atlas')).toBe(0);

    budget.reserve('atlas');
    budget.release('atlas', 0);
    budget.release('atlas', 0);
    expect(budget.connections).toBe(0);

    // A seat taken afterwards counts as one, not as zero.
    budget.reserve('atlas');
    expect(budget.connections).toBe(1);
    expect(budget.roomConnections('atlas')).toBe(1);
  });

  it('gives back a seat only in the room that holds it', () => {
    const budget = new AddressBudget('203.0.113.5', LIMITS, 0);
    budget.reserve('atlas');
    budget.release('gallery', 0);
    expect(budget.connections).toBe(1);
    expect(budget.roomConnections('atlas')).toBe(1);
    expect(budget.isIdle(60_000)).toBe(false);
    budget.release('atlas', 0);
    expect(budget.isIdle(60_000)).toBe(true);
  });
});
