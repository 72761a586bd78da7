import { describe, expect, it } from 'vitest';
import { checkPublicHost } from './public-origin.ts';

describe('checkPublicHost', () => {
  it('lets every host through when no public origin is set', () => {
    expect(checkPublicHost('http://rebound.example:3000', null)).toEqual({ ok: true });
    expect(checkPublicHost(null, null)).toEqual({ ok: true });
  });

  it.each([
    ['https://board.example', 'https://board.example'],
    // A TLS proxy that forwards plain http and no X-Forwarded-Proto: same host, other scheme.
    ['http://board.example', 'https://board.example'],
    ['http://board.example:443', 'https://board.example'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
  ])('accepts a request sent to %s for %s', (target, publicOrigin) => {
    expect(checkPublicHost(target, publicOrigin)).toEqual({ ok: true });
  });

  it.each([
    // DNS rebinding: the attacker's name, pointed at the relay's address.
    ['http://rebound.example:3000', 'http://127.0.0.1:3000'],
    ['https://board.example:8443', 'https://board.example'],
    ['https://sub.board.example', 'https://board.example'],
    [null, 'https://board.example'],
  ])('answers 421 to a request sent to %s for %s', (target, publicOrigin) => {
    expect(checkPublicHost(target, publicOrigin)).toEqual({
      ok: false,
      status: 421,
      message: `this server answers for ${publicOrigin} only`,
    });
  });
});
