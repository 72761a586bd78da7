import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryAuthorStore } from '../authors/memory-author-store.ts';
import { loadConfig } from '../config.ts';
import { silentLogger } from '../observability/logger.ts';
import { Metrics } from '../observability/metrics.ts';
import { Room } from '../rooms/room.ts';
import { MemoryStore } from '../storage/memory-store.ts';
import { drawStrokes } from '../test-support/boards.ts';
import { BoardHistory } from './board-history.ts';
import { MemoryVersionStore } from './memory-version-store.ts';
import { DEFAULT_RETENTION } from './retention.ts';

describe('restores of one loaded room', () => {
  it('go on past the new client ids a connection may bring: each is its own writer', async () => {
    const config = loadConfig({ DATA_DIR: 'unused-by-room-tests' });
    const history = new BoardHistory(new MemoryVersionStore(), DEFAULT_RETENTION);
    const room = await Room.load('studio', {
      ...config,
      store: new MemoryStore(),
      authors: new MemoryAuthorStore(),
      logger: silentLogger,
      metrics: new Metrics(),
      history: { versions: history, idleMs: 60_000 },
      onEmpty: () => undefined,
    });
    const drawn = new Y.Doc();
    drawStrokes(drawn, 2);
    const full = Y.encodeStateAsUpdate(drawn);
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    // Every other restore draws again, under a new client id: more than a connection may bring.
    for (let i = 0; i < 2 * (config.maxNewClientsPerConnection + 3); i++) {
      await room.restore(i % 2 === 0 ? full : empty, `restore ${i}`);
    }
    expect(room.doc.getMap('strokes').size).toBe(0);
    await room.restore(full, 'last');
    expect(room.doc.getMap('strokes').toJSON()).toEqual(drawn.getMap('strokes').toJSON());
    await room.unload();
  });
});
