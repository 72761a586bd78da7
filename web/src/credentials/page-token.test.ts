import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../encoding/base64url.ts';
import { PageTokens, displayClaims, tokenFromFragment } from './page-token.ts';

function part(value: unknown): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

function unsigned(claims: unknown): string {
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

describe('a token in the fragment', () => {
  const token = unsigned({ room: 'r', access: 'edit', exp: 1 });

  it('is read from #token=<jwt>, alone or among other fields', () => {
    expect(tokenFromFragment(`#token=${token}`)).toBe(token);
    expect(tokenFromFragment(`#x=1&token=${token}`)).toBe(token);
  });

  it('is nothing when absent or not shaped like a JWT', () => {
    for (const hash of ['', '#', '#token=', '#token=abc', '#token=a.b.c.d', '#token=a b.c.d']) {
      expect(tokenFromFragment(hash), hash).toBeNull();
    }
    expect(tokenFromFragment(`#token=${'a'.repeat(9000)}.b.c`)).toBeNull();
  });
});

describe('what the page shows of a token', () => {
  it('is its name and colour, read without trusting them', () => {
    const claims = { room: 'r', access: 'edit', exp: 1, name: 'Ada Lovelace', color: '#1c7ed6' };
    expect(displayClaims(unsigned(claims))).toEqual({ name: 'Ada Lovelace', color: '#1c7ed6' });
  });

  it('decodes UTF-8 names', () => {
    expect(displayClaims(unsigned({ name: 'Zoë 名前' }))).toEqual({ name: 'Zoë 名前' });
  });

  it('is nothing for a payload that is no JSON object, or claims of the wrong type', () => {
    for (const payload of ['%%%', toBase64Url(new Uint8Array([0xff, 0xfe])), part([1]), part(7)]) {
      expect(displayClaims(`h.${payload}.s`), payload).toEqual({});
    }
    expect(displayClaims(unsigned({ name: 42, color: null }))).toEqual({});
    expect(displayClaims('no-dots')).toEqual({});
  });
});

describe('the tab keeping its tokens', () => {
  it('keeps one per room in the storage it was given', () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (key: string) => map.get(key) ?? null,
      setItem: (key: string, value: string) => void map.set(key, value),
    };
    new PageTokens(storage).set('room-a', 'h.p.s');
    const reloaded = new PageTokens(storage);
    expect(reloaded.get('room-a')).toBe('h.p.s');
    expect(reloaded.get('room-b')).toBeNull();
  });

  it('keeps it in memory when storage throws', () => {
    const storage = {
      getItem: (): string | null => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    const tokens = new PageTokens(storage);
    tokens.set('room-a', 'h.p.s');
    expect(tokens.get('room-a')).toBe('h.p.s');
  });
});
