/**
 * An older copy of the app (a service worker still holding the previous build, a device that
 * was offline) in a room the new app has written every element kind into (issue 13). The old
 * copy is played by the model code that knows only strokes: listStrokes / readStroke (today's
 * readStrokeRecord), drawStroke, eraseStrokes on what it can see, and its own undo manager. It
 * talks to the new app through the real relay (a server on port 0 with LevelDB, stock
 * y-websocket clients). elements.test.ts checks the reader alone; this is the whole story:
 * nothing crashes, the new kinds are skipped, and none of them is deleted or rewritten by what
 * the old copy does with its own strokes, as the relay stores it and a newcomer loads it after a restart.
 *
 * Not covered, on purpose: the old copy's "Clear board" (clearBoard) clears every entry of the
 * room, new kinds included; that is the whole-board clear its person confirmed, not a rewrite.
 */
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { stockClient, waitFor, type StockClient } from '../../../server/test-support/clients.ts';
import {
  removeDir,
  startTestServer,
  type TestServer,
} from '../../../server/test-support/server.ts';
import { listElements, type ElementKind } from './elements.ts';
import { strokesMap, type ModelProblem } from './schema.ts';
import { eraseStrokes, listStrokes } from './strokes.ts';
import { drawStroke, line } from './test-support/drawing.ts';
import { addShape, addText } from './test-support/elements.ts';
import { createUndoManager } from './undo.ts';

const ROOM = 'old-app';
const NEW_APP = { user: 'new-app' };
const OLD_APP = { user: 'old-app' };
const NEW_KINDS = ['rect', 'ellipse', 'line', 'arrow', 'text', 'note'] as const;

let server: TestServer | null = null;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
  if (server) await removeDir(server.dataDir);
  server = null;
});

async function join(): Promise<StockClient> {
  const client = stockClient(server!.wsUrl, ROOM);
  clients.push(client);
  await waitFor(() => client.provider.synced, 'a client synced');
  return client;
}

/** Every new-kind entry as JSON (its Y.Text as a string): what must come through untouched. */
function newKindEntries(doc: Y.Doc): Record<string, unknown> {
  const entries: Record<string, unknown> = {};
  strokesMap(doc).forEach((value, id) => {
    if (value instanceof Y.Map && value.get('type') !== undefined) entries[id] = value.toJSON();
  });
  return entries;
}

const idsOf = (doc: Y.Doc) => listStrokes(doc).map(({ id }) => id);

it('an old copy that knows only strokes skips the new kinds and leaves them as they were', async () => {
  server = await startTestServer();
  const newApp = await join();
  drawStroke(newApp.doc, { id: 'new-stroke', points: line(8), origin: NEW_APP });
  for (const type of NEW_KINDS.filter((kind) => kind !== 'text')) {
    addShape(newApp.doc, { id: type, type, x: NEW_KINDS.indexOf(type) * 150 }, NEW_APP);
  }
  addText(newApp.doc, { id: 'text', text: 'hello from v2' }, NEW_APP);
  const written = newKindEntries(newApp.doc);
  expect(Object.keys(written).sort()).toEqual([...NEW_KINDS].sort());

  // The old copy opens the room: it sees the one stroke and reports, never throws on, the rest.
  const oldApp = await join();
  await waitFor(() => strokesMap(oldApp.doc).size === 7, 'the old copy has the room');
  const problems: ModelProblem[] = [];
  expect(listStrokes(oldApp.doc, (p) => problems.push(p)).map(({ id }) => id)).toEqual([
    'new-stroke',
  ]);
  expect(problems.map(({ strokeId }) => strokeId).sort()).toEqual([...NEW_KINDS].sort());

  // It draws, erases its own stroke and the new app's stroke (all its eraser can hit), undoes
  // and redoes: every one of its changes touches strokes only.
  const undo = createUndoManager(oldApp.doc, OLD_APP);
  drawStroke(oldApp.doc, { id: 'old-1', points: line(6), origin: OLD_APP });
  drawStroke(oldApp.doc, { id: 'old-2', points: line(6, { x: 40, y: 0 }), origin: OLD_APP });
  undo.stopCapturing();
  eraseStrokes(oldApp.doc, idsOf(oldApp.doc), OLD_APP);
  expect(idsOf(oldApp.doc)).toEqual([]);
  undo.undo();
  expect(idsOf(oldApp.doc).sort()).toEqual(['new-stroke', 'old-1', 'old-2']);
  undo.redo();
  undo.undo();
  // "Clearing its own strokes": what it drew, erased by id.
  eraseStrokes(oldApp.doc, ['old-1', 'old-2'], OLD_APP);

  // The new app, and a newcomer loading the room from the relay's store, still have every new
  // element exactly as written, and see the old copy's stroke edits.
  await waitFor(() => !strokesMap(newApp.doc).has('old-1'), 'the new app heard the old copy');
  expect(newKindEntries(newApp.doc)).toEqual(written);
  expect(idsOf(newApp.doc)).toEqual(['new-stroke']);
  // Restarted on the same folder: the newcomer's room comes from LevelDB, not from memory.
  for (const client of clients.splice(0)) client.destroy();
  const dataDir = server.dataDir;
  await server.close();
  server = await startTestServer({}, undefined, dataDir);
  const newcomer = await join();
  await waitFor(() => strokesMap(newcomer.doc).size === 7, 'the newcomer has the room');
  expect(newKindEntries(newcomer.doc)).toEqual(written);
  const kinds = listElements(newcomer.doc).map(({ type }) => type);
  expect(new Set<ElementKind>(kinds)).toEqual(new Set<ElementKind>(['stroke', ...NEW_KINDS]));
});
