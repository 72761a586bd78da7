import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { decideUpgrade, seatsPerAddress, type Capacity, type ClientAllowance } from './upgrade.ts';

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

/** A client address well inside its own limits. */
const anyone: ClientAllowance = {
  withinUpgradeRate: true,
  connections: 0,
  maxConnections: 5,
  roomConnections: () => 0,
  maxRoomSharePercent: 100,
};

const decide = (
  req: IncomingMessage,
  capacity: Capacity,
  client: ClientAllowance | null = anyone,
) => decideUpgrade(req, capacity, client);

describe('decideUpgrade', () => {
  it.each([
    ['/ws/studio', 'studio'],
    ['/ws/studio?token=abc', 'studio'],
    ['/ws/A-z_0-9', 'A-z_0-9'],
    [`/ws/${'r'.repeat(64)}`, 'r'.repeat(64)],
  ])('accepts %s as room %s', (url, name) => {
    expect(decide(request(url), room())).toEqual({ ok: true, room: name });
  });

  it.each(['/', '/ws', '/ws/a/b', '/wss/a', '/r/a', '/ws//a', '/WS/a', '/healthz', ''])(
    'answers %j with 404',
    (url) => {
      expect(decide(request(url), room())).toMatchObject({ ok: false, status: 404 });
    },
  );

  it.each([
    ['/ws/link/AAAAAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAAAAA'],
    // Any segment: a malformed id is the link check's to deny with 4401, after the upgrade.
    ['/ws/link/not.an.id?x=1', 'not.an.id'],
  ])('accepts %s as link %s, its room unknown until looked up', (url, link) => {
    expect(decide(request(url), room())).toEqual({ ok: true, link });
  });

  it('takes /ws/link alone as the room named link', () => {
    expect(decide(request('/ws/link'), room())).toEqual({ ok: true, room: 'link' });
  });

  it('refuses a link by the server-wide checks only: the room is not known yet', () => {
    const full = room({}, { total: 10 });
    expect(decide(request('/ws/link/x'), full)).toMatchObject({ ok: false, status: 503 });
    const closing = room({}, { shuttingDown: true });
    expect(decide(request('/ws/link/x'), closing)).toMatchObject({ ok: false, status: 503 });
    const busyRoom = room({}, { roomCount: () => 1000 });
    expect(decide(request('/ws/link/x'), busyRoom)).toEqual({ ok: true, link: 'x' });
  });

  it('treats a missing url as /', () => {
    expect(decide(request(undefined), room())).toMatchObject({ ok: false, status: 404 });
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
    expect(decide(request(url), room())).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses with 503 while shutting down, after checking the request', () => {
    const closing = room({}, { shuttingDown: true });
    expect(decide(request('/ws/a'), closing)).toMatchObject({ ok: false, status: 503 });
    expect(decide(request('/ws/a.b'), closing)).toMatchObject({ ok: false, status: 400 });
    expect(decide(request('/nope'), closing)).toMatchObject({ ok: false, status: 404 });
  });

  it('refuses with 503 at the server limit, in any room', () => {
    const full = room({}, { total: 10 });
    expect(decide(request('/ws/a'), full)).toMatchObject({ ok: false, status: 503 });
    expect(decide(request('/ws/a'), room({}, { total: 9 }))).toEqual({
      ok: true,
      room: 'a',
    });
  });

  it('refuses with 503 at the room limit, for that room only', () => {
    const capacity = room({ busy: 3, quiet: 2 });
    expect(decide(request('/ws/busy'), capacity)).toMatchObject({ ok: false, status: 503 });
    expect(decide(request('/ws/quiet'), capacity)).toEqual({ ok: true, room: 'quiet' });
    expect(decide(request('/ws/other'), capacity)).toEqual({ ok: true, room: 'other' });
  });

  it('answers 400 when a trusted proxy forwarded no address, after checking the path', () => {
    expect(decide(request('/ws/a'), room(), null)).toMatchObject({ ok: false, status: 400 });
    expect(decide(request('/x'), room(), null)).toMatchObject({ ok: false, status: 404 });
  });

  it('refuses with 429 and Retry-After once the address has spent its upgrades', () => {
    const hasty = { ...anyone, withinUpgradeRate: false };
    expect(decide(request('/ws/a'), room(), hasty)).toEqual({
      ok: false,
      status: 429,
      message: 'too many connections opened',
      retryAfterSeconds: 1,
    });
    // A bad request is still a bad request, whoever sends it.
    expect(decide(request('/ws/a.b'), room(), hasty)).toMatchObject({ status: 400 });
  });

  it('refuses with 429 when the address holds its most connections, before the server cap', () => {
    const hoarder = { ...anyone, connections: 5 };
    const decision = decide(request('/ws/a'), room({}, { total: 10 }), hoarder);
    expect(decision).toMatchObject({ ok: false, status: 429 });
    if (!decision.ok) expect(decision.retryAfterSeconds).toBeGreaterThan(0);
    expect(decide(request('/ws/a'), room(), { ...anyone, connections: 4 })).toEqual({
      ok: true,
      room: 'a',
    });
  });

  it("refuses with 429 when the address holds its share of the room's seats", () => {
    // 10 seats, 20 % each: an address may hold 2 of them, and the room keeps serving others.
    const capacity = room({ busy: 2 }, { maxPerRoom: 10 });
    const inBusy = {
      ...anyone,
      maxRoomSharePercent: 20,
      roomConnections: (r: string) => (r === 'busy' ? 2 : 0),
    };
    expect(decide(request('/ws/busy'), capacity, inBusy)).toMatchObject({ status: 429 });
    expect(decide(request('/ws/other'), capacity, inBusy)).toEqual({ ok: true, room: 'other' });
    expect(decide(request('/ws/busy'), capacity, { ...anyone, maxRoomSharePercent: 20 })).toEqual({
      ok: true,
      room: 'busy',
    });
  });

  it('answers a full room with 503, whoever holds its seats', () => {
    const full = room({ busy: 3 });
    const holder = { ...anyone, maxRoomSharePercent: 100, roomConnections: () => 3 };
    expect(decide(request('/ws/busy'), full, holder)).toMatchObject({ status: 503 });
  });

  it('gives every address at least one seat of a room', () => {
    expect(seatsPerAddress(500, 10)).toBe(50);
    expect(seatsPerAddress(5, 10)).toBe(1);
    expect(seatsPerAddress(3, 100)).toBe(3);
  });

  it('explains every refusal in its message', () => {
    for (const url of ['/x', '/ws/a.b']) {
      const decision = decide(request(url), room());
      expect(decision.ok).toBe(false);
      if (!decision.ok) expect(decision.message.length).toBeGreaterThan(0);
    }
  });
});
