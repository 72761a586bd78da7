/**
 * What the board's keys do while a version hides the live board: undo and redo would change the
 * live board unseen, so they wait; everything else (tools, zoom, help) still reaches the board.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { KeyPress } from '../tools/shortcuts.ts';
import { BoardHistory, historyRoom, type HistorySession } from './board-history.svelte.ts';

const press = (key: string, mod = false): KeyPress => ({
  key,
  code: '',
  ctrlKey: mod,
  metaKey: false,
  shiftKey: false,
  altKey: false,
});

/** A board page over a relay that answers the list and one version (fetch given by hand). */
function boardPage() {
  const update = Y.encodeStateAsUpdate(new Y.Doc());
  const version = { id: '0000000001', at: 1, reason: 'idle', name: null, elements: 0, bytes: 1 };
  const fetcher: typeof fetch = async (input) =>
    String(input).endsWith('/versions')
      ? new Response(JSON.stringify([version]), { status: 200 })
      : new Response(new Uint8Array(update), { status: 200 });
  const session: HistorySession = {
    link: { status: 'synced' },
    bearer: () => null,
    colors: { safe: (color: string) => color },
  };
  return new BoardHistory('team-retro', session, 'http://relay.test', fetcher);
}

describe('the board’s keys while a version is shown', () => {
  it('hold back undo and redo, and pass on the rest', async () => {
    const history = boardPage();
    const reached: string[] = [];
    const keys = history.keys((event: KeyPress) => reached.push(event.key));

    keys(press('z', true));
    await history.panel.refresh();
    const [version] = history.panel.state.kind === 'list' ? history.panel.state.list.versions : [];
    await history.panel.preview(version!);
    expect(history.viewing).toBe(true);
    keys(press('z', true));
    keys(press('y', true));
    keys(press('+'));
    history.panel.backToLive();
    keys(press('y', true));
    expect(reached).toEqual(['z', '+', 'y']);
  });
});

describe('who gets the history button', () => {
  it('a room’s page and an edit link’s page, never a view link’s', () => {
    expect(historyRoom({ kind: 'room', room: 'team-retro' })).toBe('team-retro');
    expect(historyRoom({ kind: 'link', access: 'edit', room: 'team-retro' })).toBe('team-retro');
    expect(historyRoom({ kind: 'link', access: 'edit', room: null })).toBeNull();
    expect(historyRoom({ kind: 'link', access: 'view', room: 'team-retro' })).toBeNull();
  });
});
