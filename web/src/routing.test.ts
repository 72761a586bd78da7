import { describe, expect, it, vi } from 'vitest';
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
  it('replaces / with a new room instead of adding a history entry', () => {
    const history = { state: null, replaceState: vi.fn() };
    const route = enterRoute({ pathname: '/' }, history);
    expect(route.kind).toBe('room');
    if (route.kind !== 'room') return;
    expect(history.replaceState).toHaveBeenCalledWith(null, '', roomPath(route.room));
  });

  it('leaves a room address alone', () => {
    const history = { state: null, replaceState: vi.fn() };
    expect(enterRoute({ pathname: '/r/abc' }, history)).toEqual({ kind: 'room', room: 'abc' });
    expect(history.replaceState).not.toHaveBeenCalled();
  });
});
