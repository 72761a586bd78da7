import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import {
  ClientAddresses,
  budgetKey,
  isForwarded,
  isLoopback,
  normalizeAddress,
} from './client-address.ts';

/** ClientAddresses reads only the peer address and the headers; a cast keeps the fixture that small. */
const request = (peer: string, headers: Record<string, string> = {}): IncomingMessage =>
  ({ socket: { remoteAddress: peer }, headers }) as unknown as IncomingMessage;

const trusting = (list: string): ClientAddresses =>
  new ClientAddresses(loadConfig({ TRUST_PROXY: list }).trustProxy);

describe('ClientAddresses', () => {
  it('takes the socket peer and ignores X-Forwarded-For when no proxy is trusted', () => {
    const addresses = trusting('');
    expect(addresses.of(request('203.0.113.9', { 'x-forwarded-for': '198.51.100.1' }))).toBe(
      '203.0.113.9',
    );
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    const addresses = trusting('10.0.0.0/8');
    expect(addresses.of(request('203.0.113.9', { 'x-forwarded-for': '198.51.100.1' }))).toBe(
      '203.0.113.9',
    );
  });

  it('takes the rightmost address that is not a trusted proxy', () => {
    const addresses = trusting('10.0.0.0/8, 192.0.2.7');
    // The client wrote "1.1.1.1" itself; 198.51.100.1 is who connected to our outer proxy.
    const forwarded = { 'x-forwarded-for': '1.1.1.1, 198.51.100.1, 192.0.2.7' };
    expect(addresses.of(request('10.1.2.3', forwarded))).toBe('198.51.100.1');
  });

  it('takes the leftmost hop when every hop is trusted, and the peer without the header', () => {
    const addresses = trusting('10.0.0.0/8');
    expect(addresses.of(request('10.0.0.1', { 'x-forwarded-for': '10.0.0.9, 10.0.0.8' }))).toBe(
      '10.0.0.9',
    );
    expect(addresses.of(request('10.0.0.1'))).toBe('10.0.0.1');
  });

  it('refuses a forwarded entry that is no address', () => {
    const addresses = trusting('127.0.0.1');
    expect(addresses.of(request('127.0.0.1', { 'x-forwarded-for': 'unknown' }))).toBeNull();
    expect(addresses.of(request('127.0.0.1', { 'x-forwarded-for': '1.2.3.4, ::g' }))).toBeNull();
  });

  it('reads IPv6 and IPv4-mapped peers and hops', () => {
    const addresses = trusting('::1, 10.0.0.0/8');
    expect(addresses.of(request('::ffff:10.0.0.5', { 'x-forwarded-for': '2001:DB8::1' }))).toBe(
      '2001:db8::1',
    );
    expect(addresses.of(request('::1', { 'x-forwarded-for': '[2001:db8::2]:443' }))).toBe(
      '2001:db8::2',
    );
    expect(addresses.of(request('::1', { 'x-forwarded-for': '198.51.100.1:5678' }))).toBe(
      '198.51.100.1',
    );
  });
});

describe('address helpers', () => {
  it.each([
    ['198.51.100.1', '198.51.100.1'],
    ['::ffff:198.51.100.1', '198.51.100.1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['[::1]:80', '::1'],
    ['nonsense', null],
    ['', null],
  ])('normalizes %j to %j', (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });

  it('keys IPv4 by address and IPv6 by /64', () => {
    expect(budgetKey('198.51.100.1')).toBe('198.51.100.1');
    expect(budgetKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(budgetKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(budgetKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(budgetKey('::1')).toBe('0:0:0:0::/64');
    expect(budgetKey('64:ff9b::1.2.3.4')).toBe('64:ff9b:0:0::/64');
  });

  it('knows loopback and forwarded requests', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.8.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
    expect(isForwarded(request('127.0.0.1'))).toBe(false);
    expect(isForwarded(request('127.0.0.1', { 'x-forwarded-for': '1.2.3.4' }))).toBe(true);
    expect(isForwarded(request('127.0.0.1', { forwarded: 'for=1.2.3.4' }))).toBe(true);
  });
});
