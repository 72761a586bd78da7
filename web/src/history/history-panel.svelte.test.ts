/**
 * The panel's lifecycle against a scripted client: the relay's own behaviour is tested on the
 * server side and end to end (e2e/history.e2e.ts); here, what the panel does with each answer,
 * including answers that arrive after the user moved on.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { HistoryClient, HistoryResult } from './history-api.ts';
import { HistoryPanel } from './history-panel.svelte.ts';
import type { VersionEntry, VersionList } from './version-responses.ts';

const version = (id: string, reason: VersionEntry['reason'] = 'idle'): VersionEntry => ({
  id,
  at: new Date(1_764_649_200_000),
  reason,
  name: reason === 'named' ? 'v' : null,
  elements: 1,
  bytes: 100,
});

const LIST: VersionList = { versions: [version('0000000002'), version('0000000001')], skipped: 0 };

function boardUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('strokes').set('s', new Y.Map());
  return Y.encodeStateAsUpdate(doc);
}

type Answer<T> = HistoryResult<T> | Promise<HistoryResult<T>>;

/** A client answering as the test sets it; every call is recorded. */
function scripted() {
  const calls: string[] = [];
  const answers = {
    list: (): Answer<VersionList> => ({ ok: true, value: LIST }),
    download: (): Answer<Uint8Array> => ({ ok: true, value: boardUpdate() }),
    save: (): Answer<VersionEntry | null> => ({ ok: true, value: version('0000000003', 'named') }),
    restore: (): Answer<VersionEntry | null> => ({
      ok: true,
      value: version('0000000004', 'named'),
    }),
  };
  const client: HistoryClient = {
    list: async () => (calls.push('list'), answers.list()),
    download: async (id) => (calls.push(`download ${id}`), answers.download()),
    save: async (name) => (calls.push(`save ${name}`), answers.save()),
    restore: async (id) => (calls.push(`restore ${id}`), answers.restore()),
  };
  return { client, calls, answers };
}

function panelWith(client: HistoryClient, online = true) {
  return new HistoryPanel({ client, online: () => online });
}

describe('the history panel', () => {
  it('opens on the list, previews a version, restores it and returns to the live board', async () => {
    const { client, calls } = scripted();
    const panel = panelWith(client);
    await panel.refresh();
    expect(panel.state.kind).toBe('list');

    await panel.preview(version('0000000001'));
    expect(panel.state.kind).toBe('previewing');
    const doc = panel.viewing?.doc;
    expect(doc?.getMap('strokes').size).toBe(1);

    await panel.restore();
    expect(panel.viewing).toBeNull();
    expect(panel.state).toMatchObject({
      kind: 'list',
      notice: expect.stringMatching(
        /^Restored the version of .*\. What it replaced is kept as “v”\.$/,
      ),
    });
    expect(calls).toEqual(['list', 'download 0000000001', 'restore 0000000001', 'list']);
  });

  it('says history needs the server when the board is offline, without asking', async () => {
    const { client, calls } = scripted();
    const panel = panelWith(client, false);
    await panel.refresh();
    expect(panel.state.kind).toBe('offline');
    expect(calls).toEqual([]);
  });

  it('says so too when the relay does not answer', async () => {
    const { client, answers } = scripted();
    answers.list = () => ({ ok: false, problem: { kind: 'offline' } });
    const panel = panelWith(client);
    await panel.refresh();
    expect(panel.state.kind).toBe('offline');
  });

  it('shows a refusal as an error', async () => {
    const { client, answers } = scripted();
    answers.list = () => ({ ok: false, problem: { kind: 'needs-edit-access' } });
    const panel = panelWith(client);
    await panel.refresh();
    expect(panel.state).toEqual({ kind: 'error', problem: { kind: 'needs-edit-access' } });
  });

  it('stays on the list with a problem when a version is no Yjs update', async () => {
    const { client, answers } = scripted();
    answers.download = () => ({ ok: true, value: new Uint8Array([255, 255, 255, 255]) });
    const panel = panelWith(client);
    await panel.refresh();
    await panel.preview(version('0000000001'));
    expect(panel.state).toMatchObject({ kind: 'list', problem: { kind: 'malformed' } });
    expect(panel.viewing).toBeNull();
  });

  it('keeps the preview and tells why when a restore is refused', async () => {
    const { client, answers } = scripted();
    answers.restore = () => ({ ok: false, problem: { kind: 'storage-unavailable' } });
    const panel = panelWith(client);
    await panel.refresh();
    await panel.preview(version('0000000001'));
    await panel.restore();
    expect(panel.state).toMatchObject({
      kind: 'previewing',
      problem: { kind: 'storage-unavailable' },
    });
  });

  it('drops a preview that arrives after the panel was closed', async () => {
    const { client, answers } = scripted();
    let arrive: (result: HistoryResult<Uint8Array>) => void = () => {};
    answers.download = () => new Promise((resolve) => (arrive = resolve));
    const panel = panelWith(client);
    await panel.refresh();
    const previewing = panel.preview(version('0000000001'));
    panel.close();
    arrive({ ok: true, value: boardUpdate() });
    await previewing;
    expect(panel.state.kind).toBe('closed');
  });

  it('closing a preview returns to the live board and lets the version’s document go', async () => {
    const { client } = scripted();
    const panel = panelWith(client);
    await panel.refresh();
    await panel.preview(version('0000000001'));
    const doc = panel.viewing!.doc;
    let destroyed = false;
    doc.on('destroy', () => (destroyed = true));
    panel.close();
    expect(panel.viewing).toBeNull();
    expect(destroyed).toBe(true);
  });

  it('saves a named version, trimmed, and reloads the list', async () => {
    const { client, calls } = scripted();
    const panel = panelWith(client);
    await panel.refresh();
    await panel.save('   ');
    await panel.save('  Sprint plan ');
    expect(calls).toEqual(['list', 'save Sprint plan', 'list']);
    expect(panel.state).toMatchObject({ kind: 'list', notice: 'Saved “v”.' });
  });

  it('goes offline with the board’s link and reloads the list when it is back', async () => {
    const { client, calls } = scripted();
    const panel = panelWith(client);
    await panel.refresh();
    panel.connectionChanged(false);
    expect(panel.state.kind).toBe('offline');
    panel.connectionChanged(true);
    await expect.poll(() => panel.state.kind).toBe('list');
    expect(calls).toEqual(['list', 'list']);

    // A closed panel asks nothing, and a version on the board stays on it.
    panel.close();
    panel.connectionChanged(true);
    expect(panel.state.kind).toBe('closed');
    await panel.refresh();
    await panel.preview(version('0000000001'));
    panel.connectionChanged(false);
    expect(panel.state.kind).toBe('previewing');
  });
});
