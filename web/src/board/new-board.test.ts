import { describe, expect, it } from 'vitest';
import { editLinkIdOf, newBoard } from './new-board.ts';

interface Asked {
  readonly url: string;
  readonly init: RequestInit;
}

/** A relay answering each path with a status and body, recording what it was asked. */
function relay(answers: Record<string, { status: number; body?: unknown } | 'fails'>) {
  const asked: Asked[] = [];
  const fetcher = async (url: string, init: RequestInit) => {
    asked.push({ url, init });
    const answer = answers[url];
    if (answer === undefined || answer === 'fails') throw new TypeError('Failed to fetch');
    return { status: answer.status, json: async () => answer.body };
  };
  return { asked, fetcher };
}

const EDIT_ID = 'EditLinkId_0123456789a';
const MADE = {
  room: 'r00m',
  links: { edit: { id: EDIT_ID, url: `http://h/l#${EDIT_ID}` }, view: { id: 'v', url: 'u' } },
};

describe('a new board', () => {
  it('is a random room where the name is enough (the open mode grants it a ticket)', async () => {
    const open = relay({ '/api/tickets': { status: 201, body: { ticket: 'x'.repeat(22) } } });
    expect(await newBoard('device-key', open.fetcher, 'fresh')).toEqual({
      kind: 'room',
      room: 'fresh',
    });
    expect(open.asked.map(({ url }) => url)).toEqual(['/api/tickets']);
    expect(JSON.parse(String(open.asked[0]?.init.body))).toEqual({
      room: 'fresh',
      device: 'device-key',
    });
  });

  it('is a random room on an older relay or with no network, as before', async () => {
    const older = relay({ '/api/tickets': { status: 404 } });
    expect(await newBoard('d', older.fetcher, 'fresh')).toEqual({ kind: 'room', room: 'fresh' });
    const offline = relay({});
    expect(await newBoard('d', offline.fetcher, 'fresh')).toEqual({ kind: 'room', room: 'fresh' });
  });

  it('is made by the relay, and opened by its edit link, where a name opens nothing', async () => {
    const links = relay({
      '/api/tickets': { status: 401 },
      '/api/rooms': { status: 201, body: MADE },
    });
    expect(await newBoard('d', links.fetcher, 'fresh')).toEqual({ kind: 'link', id: EDIT_ID });
    expect(links.asked.map(({ url, init }) => `${init.method} ${url}`)).toEqual([
      'POST /api/tickets',
      'POST /api/rooms',
    ]);
  });

  it('needs a link where the relay makes no rooms (the token mode) or cannot now', async () => {
    for (const rooms of [{ status: 404 }, { status: 403 }, { status: 429 }, 'fails'] as const) {
      const token = relay({ '/api/tickets': { status: 401 }, '/api/rooms': rooms });
      expect(await newBoard('d', token.fetcher, 'fresh'), JSON.stringify(rooms)).toEqual({
        kind: 'needs-link',
      });
    }
  });

  it('reads only a well-formed edit link id from the answer', () => {
    expect(editLinkIdOf(MADE)).toBe(EDIT_ID);
    for (const body of [
      null,
      {},
      { links: null },
      { links: { edit: {} } },
      { links: { edit: { id: '../x' } } },
    ]) {
      expect(editLinkIdOf(body), JSON.stringify(body)).toBeNull();
    }
  });
});
