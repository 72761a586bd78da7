import { describe, expect, it } from 'vitest';
import { readCreatedLink, readErrorMessage, readLinkList } from './link-responses.ts';

const ID = 'Abcdefghijklmnopqrstu_';
const created = {
  id: ID,
  access: 'view',
  url: `https://board.example/l#${ID}`,
  expiresAt: '2030-01-02T03:04:05.000Z',
};
const listed = {
  id: ID,
  access: 'edit',
  created: '2029-01-02T03:04:05.000Z',
  expires: null,
  connections: 2,
};

describe('reading what the link API answered', () => {
  it('reads a made link and a list as the contract gives them', () => {
    expect(readCreatedLink(created)).toEqual({
      id: ID,
      access: 'view',
      url: created.url,
      expiresAt: new Date(created.expiresAt),
    });
    expect(readCreatedLink({ ...created, expiresAt: null })?.expiresAt).toBeNull();
    expect(readLinkList([listed])).toEqual([
      { ...listed, created: new Date(listed.created), expires: null },
    ]);
    expect(readLinkList([])).toEqual([]);
  });

  it('believes no link whose url would send people elsewhere or to another link', () => {
    for (const url of [
      `javascript:alert(1)//l#${ID}`,
      `https://board.example/r/secret-room#${ID}`,
      `https://board.example/l#${ID}x`,
      `https://board.example/l?x=1#${ID}`,
      `https://user:pw@board.example/l#${ID}`,
      `/l#${ID}`,
      42,
      undefined,
    ]) {
      expect(readCreatedLink({ ...created, url }), String(url)).toBeNull();
    }
  });

  it('believes nothing off-contract in a made link', () => {
    for (const body of [
      null,
      'ok',
      [created],
      { ...created, id: 'short' },
      { ...created, id: `${ID}/..` },
      { ...created, access: 'admin' },
      { ...created, expiresAt: 'tomorrow' },
      { ...created, expiresAt: 1_900_000_000 },
      { ...created, expiresAt: undefined },
    ]) {
      expect(readCreatedLink(body), JSON.stringify(body)).toBeNull();
    }
  });

  it('believes no list with any entry off-contract, since a partial list would hide a link', () => {
    for (const entry of [
      null,
      { ...listed, connections: -1 },
      { ...listed, connections: 1.5 },
      { ...listed, connections: '1' },
      { ...listed, created: null },
      { ...listed, expires: 'never' },
      { ...listed, access: 'owner' },
      { ...listed, id: 42 },
    ]) {
      expect(readLinkList([listed, entry]), JSON.stringify(entry)).toBeNull();
    }
    expect(readLinkList({ links: [listed] })).toBeNull();
    expect(readLinkList(null)).toBeNull();
  });

  it('keeps a short message from an error body, and nothing from a stranger one', () => {
    expect(readErrorMessage({ statusCode: 400, error: 'Bad Request', message: 'bad body' })).toBe(
      'bad body',
    );
    expect(readErrorMessage({ message: 'x'.repeat(10_000) })).toHaveLength(200);
    expect(readErrorMessage('<html>502 Bad Gateway</html>')).toBeNull();
    expect(readErrorMessage({ message: { nested: true } })).toBeNull();
  });
});
