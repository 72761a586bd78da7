import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { drawStroke } from '../model/test-support/drawing.ts';
import { THUMBNAIL_SIZE, thumbnailViewport } from './thumbnail.ts';
import { versionDoc, versionStrokes } from './version-doc.ts';

function boardWith(...rows: number[]): Uint8Array {
  const doc = new Y.Doc();
  for (const y of rows) {
    const points = Array.from({ length: 10 }, (_, i) => ({ x: 100 + i * 50, y, p: 0.5 }));
    drawStroke(doc, { id: `row-${y}`, points, origin: null, width: 4 });
  }
  // A stroke a hostile peer wrote without its fields: skipped, not drawn.
  doc.getMap('strokes').set('broken', new Y.Map());
  return Y.encodeStateAsUpdate(doc);
}

describe('a version’s thumbnail', () => {
  it('reads the version’s valid strokes from its update', () => {
    const doc = versionDoc(boardWith(0, 1000))!;
    expect(versionStrokes(doc).map((stroke) => stroke.id)).toEqual(['row-0', 'row-1000']);
    expect(versionStrokes(doc)[0]?.bounds).toEqual({ minX: 98, minY: -2, maxX: 552, maxY: 2 });
  });

  it('fits every stroke into the picture', () => {
    const strokes = versionStrokes(versionDoc(boardWith(0, 1000))!);
    const { x, y, zoom } = thumbnailViewport(strokes, THUMBNAIL_SIZE);
    for (const { bounds } of strokes) {
      expect((bounds!.minX - x) * zoom).toBeGreaterThanOrEqual(0);
      expect((bounds!.maxX - x) * zoom).toBeLessThanOrEqual(THUMBNAIL_SIZE.width);
      expect((bounds!.minY - y) * zoom).toBeGreaterThanOrEqual(0);
      expect((bounds!.maxY - y) * zoom).toBeLessThanOrEqual(THUMBNAIL_SIZE.height);
    }
  });

  it('shows the origin of an empty board', () => {
    expect(thumbnailViewport([], THUMBNAIL_SIZE)).toEqual({ x: 0, y: 0, zoom: 1 });
  });

  it('makes no document of bytes that are no Yjs update', () => {
    expect(versionDoc(new Uint8Array([1, 2, 3]))).toBeNull();
  });
});
