import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { decideUpgrade, type Capacity } from './upgrade.ts';

/** decideUpgrade reads only the request's url; a cast keeps the fixture that small. */
const request = (url: string | undefined): IncomingMessage =>
  ({ url }) as unknown as IncomingMessage;

const room = (
  counts: Record<string, number> = {},
  overrides: Partial<Capacity> = {},
): Capacity => ({
  shuttingDown: false,
  total: 0,
  maxTotal: 10,
  roomCount: (name) => counts[name] ?? 0,
  maxPerRoom: 3,
  ...overrides,
});

describe('decideUpgrade', () => {
  it.each([
    ['/ws/studio', 'studio'],
    ['/ws/studio?token=abc', 'studio'],
    ['/ws/A-z_0-9', 'A-z_0-9'],
    [`/ws/${'r'.repeat(64)}`, 'r'.repeat(64)],
  ])('accepts %s as room %s', (url, name) => {
    expect(decideUpgrade(request(url), room())).toEqual({ ok: true, room: name });
  });

  it.each(['/', '/ws', '/ws/a/b', '/wss/a', '/r/a', '/ws//a', '/WS/a', '/healthz', ''])(
    'answers %j with 404',
    (url) => {
      expect(decideUpgrade(request(url), room())).toMatchObject({ ok: false, status: 404 });
    },
  );

  it('treats a missing url as /', () => {
    expect(decideUpgrade(request(undefined), room())).toMatchObject({ ok: false, status: 404 });
  });

  it.each([
    ['empty', '/ws/'],
    ['65 characters', `/ws/${'r'.repeat(65)}`],
    ['a dot', '/ws/a.b'],
    ['an encoded space', '/ws/%20'],
    ['an encoded slash', '/ws/a%2Fb'],
    ['encoded unicode', '/ws/%C3%BC'],
    ['raw unicode', '/ws/ü'],
    ['a tilde', '/ws/a~b'],
  ])('answers a room name with %s with 400', (_what, url) => {
    expect(decideUpgrade(request(url), room())).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses with 503 while shutting down, after checking the request', () => {
    const closing = room({}, { shuttingDown: true });
    expect(decideUpgrade(request('/ws/a'), closing)).toMatchObject({ ok: false, status: 503 });
    expect(decideUpgrade(request('/ws/a.b'), closing)).toMatchObject({ ok: false, status: 400 });
    expect(decideUpgrade(request('/nope'), closing)).toMatchObject({ ok: false, status: 404 });
  });

  it('refuses with 503 at the server limit, in any room', () => {
    const full = room({}, { total: 10 });
    expect(decideUpgrade(request('/ws/a'), full)).toMatchObject({ ok: false, status: 503 });
    expect(decideUpgrade(request('/ws/a'), room({}, { total: 9 }))).toEqual({
      ok: true,
      room: 'a',
    });
  });

  it('refuses with 503 at the room limit, for that room only', () => {
    const capacity = room({ busy: 3, quiet: 2 });
    expect(decideUpgrade(request('/ws/busy'), capacity)).toMatchObject({ ok: false, status: 503 });
    expect(decideUpgrade(request('/ws/quiet'), capacity)).toEqual({ ok: true, room: 'quiet' });
    expect(decideUpgrade(request('/ws/other'), capacity)).toEqual({ ok: true, room: 'other' });
  });

  it('explains every refusal in its message', () => {
    for (const url of ['/x', '/ws/a.b']) {
      const decision = decideUpgrade(request(url), room());
      expect(decision.ok).toBe(false);
      if (!decision.ok) expect(decision.message.length).toBeGreaterThan(0);
    }
  });
});
