import { describe, expect, it } from 'vitest';
import {
  Endpoint,
  isAppPage,
  linkPagePath,
  linkSocketSegment,
  roomLinksPath,
  roomVersionRestorePath,
  roomPagePath,
  roomPageSegment,
  roomSocketPath,
  roomSocketSegment,
} from './endpoints.ts';

describe('room pages', () => {
  it('read back the room of the path they make, with or without a trailing slash', () => {
    expect(roomPageSegment(roomPagePath('team-notes_2'))).toBe('team-notes_2');
    expect(roomPageSegment(`${roomPagePath('abc')}/`)).toBe('abc');
    expect(roomPagePath('abc')).toBe('/r/abc');
  });

  it('give the segment as it is, valid or not, and null for any other path', () => {
    expect(roomPageSegment('/r/')).toBe('');
    expect(roomPageSegment('/r//')).toBe('');
    expect(roomPageSegment('/r/a.b')).toBe('a.b');
    for (const path of ['/r', '/r/a/b', '/rooms/a', '/', '/ws/a', '']) {
      expect(roomPageSegment(path), path).toBeNull();
    }
  });

  it('are app pages only with a valid room name', () => {
    for (const path of [
      '/',
      Endpoint.linkPage,
      '/r/room-1',
      '/r/AbC_9/',
      roomPagePath('x'.repeat(64)),
    ]) {
      expect(isAppPage(path), path).toBe(true);
    }
    for (const path of ['/r/', '/r/a.b', `/r/${'x'.repeat(65)}`, '/r/a/b', '/index.html', '']) {
      expect(isAppPage(path), path).toBe(false);
    }
  });
});

describe('room sockets', () => {
  it('read back the room of the path they make', () => {
    expect(roomSocketPath('studio')).toBe('/ws/studio');
    expect(roomSocketSegment(roomSocketPath('studio'))).toBe('studio');
    expect(roomSocketSegment('/ws/')).toBe('');
  });

  it('take no trailing slash, no deeper path, and no other prefix', () => {
    for (const path of ['/ws', '/ws/a/', '/ws/a/b', '/ws//a', '/WS/a', '/wss/a', '/r/a']) {
      expect(roomSocketSegment(path), path).toBeNull();
    }
  });
});

describe('link sockets', () => {
  it('take the one segment after /ws/link, and leave /ws/link itself to the room named link', () => {
    expect(linkSocketSegment('/ws/link/AbC_-9')).toBe('AbC_-9');
    expect(linkSocketSegment('/ws/link/')).toBe('');
    expect(roomSocketSegment('/ws/link')).toBe('link');
    for (const path of ['/ws/link', '/ws/link/a/b', '/ws/linked/a', '/ws/a', '/ws/Link/a']) {
      expect(linkSocketSegment(path), path).toBeNull();
    }
  });

  it('have pages and an API whose paths name no room where they need not', () => {
    expect(linkPagePath('AbC')).toBe('/l#AbC');
    expect(roomLinksPath('studio')).toBe('/api/rooms/studio/links');
    expect(roomVersionRestorePath('studio', '0000000001')).toBe(
      '/api/rooms/studio/versions/0000000001/restore',
    );
  });
});

describe('the relay’s own endpoints', () => {
  it('are never app pages (but for the link page, which is one)', () => {
    for (const path of Object.values(Endpoint)) {
      expect(isAppPage(path), path).toBe(path === Endpoint.linkPage);
    }
    for (const path of ['/l/', '/l/x', '/link']) expect(isAppPage(path), path).toBe(false);
    expect(isAppPage(roomSocketPath('room-1'))).toBe(false);
  });
});
