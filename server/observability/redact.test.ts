import { describe, expect, it } from 'vitest';
import { redactTarget } from './redact.ts';

const LINK = 'AbCdEfGhIjKlMnOpQrStUv';

describe('redactTarget', () => {
  it.each([
    ['/ws/room?token=abc', '/ws/room?token=…'],
    ['/ws/room?ticket=t0p-s3cret&x=1', '/ws/room?ticket=…&x=…'],
    [`/ws/link/${LINK}`, '/ws/link/AbCd…'],
    [`/ws/link/${LINK}?ticket=abc`, '/ws/link/AbCd…?ticket=…'],
    [`/api/rooms/lobby/links/${LINK}`, '/api/rooms/lobby/links/AbCd…'],
    [`http://board.example/ws/link/${LINK}`, 'http://board.example/ws/link/AbCd…'],
    ['/ws/link/abc', '/ws/link/ab…'],
    ['/ws/link/a', '/ws/link/…'],
    ['/ws/link/', '/ws/link/'],
    ['/ws/room?eyJhbGciOiJIUzI1NiJ9', '/ws/room?…'],
    [`/ws/room?${'k'.repeat(17)}=v`, '/ws/room?…'],
    ['/ws/room?=abc&&a', '/ws/room?…&&…'],
    ['/r/room#secret', '/r/room#…'],
    ['/r/room?a=1#secret', '/r/room?a=…#…'],
  ])('%s → %s', (target, redacted) => {
    expect(redactTarget(target)).toBe(redacted);
  });

  it.each(['/', '/ws/lobby', '/r/lobby', '/assets/app-abc123.js', '/api/rooms/lobby/links'])(
    'leaves %s, which holds no credential, as it is',
    (target) => {
      expect(redactTarget(target)).toBe(target);
    },
  );

  it('keeps at most 4 characters of any link id, and is idempotent', () => {
    for (const length of [1, 2, 4, 5, 22, 43]) {
      const id = 'x'.repeat(length);
      const once = redactTarget(`/ws/link/${id}?token=${id}`);
      const kept = /\/ws\/link\/(x*)…/.exec(once)?.[1] ?? '';
      expect(kept.length, `id of ${length}`).toBeLessThanOrEqual(Math.min(4, length - 1));
      expect(once, `id of ${length}`).not.toContain(`token=${id}`);
      expect(redactTarget(once), `id of ${length}`).toBe(once);
    }
  });
});
