import { describe, expect, it, vi } from 'vitest';
import type { NewBoard } from './board/new-board.ts';
import { enterRoute, parseRoute, randomRoomId, roomPath, toBase64Url } from './routing.ts';

describe('parseRoute', () => {
  it('reads a room from /r/<room>, with or without a trailing slash', () => {
    expect(parseRoute('/r/team-notes_2')).toEqual({ kind: 'room', room: 'team-notes_2' });
    expect(parseRoute('/r/abc/')).toEqual({ kind: 'room', room: 'abc' });
  });

  it('treats / as home', () => {
    expect(parseRoute('/')).toEqual({ kind: 'home' });
  });

  it.each(['/r/', '/r/has%20space', '/r/a.b', `/r/${'x'.repeat(65)}`, '/r/a/b', '/rooms/a', '/x'])(
    'rejects %s',
    (pathname) => {
      expect(parseRoute(pathname)).toEqual({ kind: 'invalid', pathname });
    },
  );

  it('reads a link id from /l#<id>, never from the path', () => {
    expect(parseRoute('/l', '#AbC_9-xyz')).toEqual({ kind: 'link', id: 'AbC_9-xyz' });
    for (const hash of ['', '#', '#a b', '#a/b', `#${'x'.repeat(129)}`]) {
      expect(parseRoute('/l', hash), hash).toEqual({ kind: 'invalid', pathname: `/l${hash}` });
    }
    expect(parseRoute('/l/AbC')).toEqual({ kind: 'invalid', pathname: '/l/AbC' });
  });

  it('accepts a 64-character name', () => {
    const room = 'a'.repeat(64);
    expect(parseRoute(roomPath(room))).toEqual({ kind: 'room', room });
  });
});

describe('room ids', () => {
  it('encodes base64url without padding', () => {
    expect(toBase64Url(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe('-__-');
    expect(toBase64Url(new Uint8Array(16))).toBe('AAAAAAAAAAAAAAAAAAAAAA');
  });

  it('makes 22-character ids that are valid room names', () => {
    const id = randomRoomId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(parseRoute(roomPath(id))).toEqual({ kind: 'room', room: id });
  });
});

describe('enterRoute', () => {
  const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJyb29tIjoiYWJjIn0.c2ln';

  function page(made: NewBoard = { kind: 'room', room: 'fresh-room' }) {
    const kept = new Map<string, string>();
    return {
      kept,
      tokens: { get: (room: string) => kept.get(room) ?? null, set: kept.set.bind(kept) },
      newBoard: vi.fn(async () => made),
    };
  }

  it('replaces / with a new room instead of adding a history entry', async () => {
    const history = { state: null, replaceState: vi.fn() };
    const route = await enterRoute({ pathname: '/' }, history, page());
    expect(route).toEqual({ kind: 'room', room: 'fresh-room', token: null });
    expect(history.replaceState).toHaveBeenCalledWith(null, '', roomPath('fresh-room'));
  });

  it('replaces / with the edit link of a room the relay made', async () => {
    const history = { state: null, replaceState: vi.fn() };
    const route = await enterRoute({ pathname: '/' }, history, page({ kind: 'link', id: 'Ed1t' }));
    expect(route).toEqual({ kind: 'link', id: 'Ed1t' });
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/l#Ed1t');
  });

  it('says a board needs a link where the relay makes none', async () => {
    const history = { state: null, replaceState: vi.fn() };
    const route = await enterRoute({ pathname: '/' }, history, page({ kind: 'needs-link' }));
    expect(route).toEqual({ kind: 'needs-link' });
    expect(history.replaceState).not.toHaveBeenCalled();
  });

  it('leaves a room address alone', async () => {
    const history = { state: null, replaceState: vi.fn() };
    const opened = page();
    expect(await enterRoute({ pathname: '/r/abc' }, history, opened)).toEqual({
      kind: 'room',
      room: 'abc',
      token: null,
    });
    expect(history.replaceState).not.toHaveBeenCalled();
    expect(opened.newBoard).not.toHaveBeenCalled();
  });

  it('takes a token out of the address bar and keeps it for the tab', async () => {
    const history = { state: { kept: 1 }, replaceState: vi.fn() };
    const opened = page();
    const location = { pathname: '/r/abc', search: '?idleMs=2000', hash: `#token=${TOKEN}` };
    const route = await enterRoute(location, history, opened);
    expect(route).toEqual({ kind: 'room', room: 'abc', token: TOKEN });
    expect(history.replaceState).toHaveBeenCalledWith({ kept: 1 }, '', '/r/abc?idleMs=2000');
    expect(opened.kept.get('abc')).toBe(TOKEN);

    // A reload has no fragment any more: the tab still has the token.
    const again = await enterRoute({ pathname: '/r/abc', hash: '' }, history, opened);
    expect(again).toEqual({ kind: 'room', room: 'abc', token: TOKEN });
  });
});
