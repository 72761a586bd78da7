import { describe, expect, it } from 'vitest';
import { lookUpLink } from './link-access.ts';

function answering(status: number, body: unknown) {
  const asked: string[] = [];
  const fetcher = async (url: string) => {
    asked.push(url);
    return { status, json: async () => body };
  };
  return { asked, fetcher };
}

describe('asking what a link grants', () => {
  it('reads view or edit from the relay’s answer, asking by the id alone', async () => {
    const view = answering(200, { access: 'view' });
    expect(await lookUpLink('AbC', view.fetcher)).toEqual({
      kind: 'granted',
      access: 'view',
      room: null,
    });
    expect(view.asked).toEqual(['/api/links/AbC']);
    const edit = answering(200, { access: 'edit', room: 'team-board' });
    expect(await lookUpLink('AbC', edit.fetcher)).toEqual({
      kind: 'granted',
      access: 'edit',
      room: 'team-board',
    });
    // A room that is no room name is not believed; the link still opens.
    const odd = answering(200, { access: 'edit', room: '../api' });
    expect(await lookUpLink('AbC', odd.fetcher)).toEqual({
      kind: 'granted',
      access: 'edit',
      room: null,
    });
  });

  it('calls an unknown, revoked or expired link gone', async () => {
    for (const status of [404, 410]) {
      expect(await lookUpLink('AbC', answering(status, {}).fetcher), `${status}`).toEqual({
        kind: 'gone',
      });
    }
  });

  it('knows nothing from no answer, a failure or a body it cannot read (then: view only)', async () => {
    const offline = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await lookUpLink('AbC', offline)).toEqual({ kind: 'unknown' });
    expect(await lookUpLink('AbC', answering(503, {}).fetcher)).toEqual({ kind: 'unknown' });
    for (const body of [null, 'view', { access: 'admin' }, { access: ['edit'] }]) {
      expect(await lookUpLink('AbC', answering(200, body).fetcher)).toEqual({ kind: 'unknown' });
    }
  });
});
