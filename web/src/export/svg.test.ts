import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listElements } from '../model/elements.ts';
import { listStrokes } from '../model/strokes.ts';
import { addShape, addText } from '../model/test-support/elements.ts';
import { drawStroke, line } from '../model/test-support/drawing.ts';
import { exportFileName } from './file-name.ts';
import { EXPORT_PADDING } from './frame.ts';
import { boardSvg } from './svg.ts';

function board() {
  const doc = new Y.Doc();
  drawStroke(doc, { id: 'a', points: line(20, { x: 0, y: 0 }), origin: 'me', color: '#e03131' });
  drawStroke(doc, {
    id: 'b',
    points: line(20, { x: 100, y: 50 }),
    origin: 'me',
    color: '#1c7ed6',
    width: 10,
  });
  return listStrokes(doc);
}

describe('boardSvg', () => {
  it('holds one filled path per stroke, bottom to top, in its colour', () => {
    const svg = boardSvg(board());
    const paths = [
      ...svg.matchAll(/<path d="([^"]+)" fill="([^"]+)" data-stroke-id="([^"]+)"\/>/g),
    ];
    expect(paths.map(([, , fill, id]) => [id, fill])).toEqual([
      ['a', '#e03131'],
      ['b', '#1c7ed6'],
    ]);
    for (const [, d] of paths) expect(d).toMatch(/^M.+Z$/);
  });

  it('frames the strokes with padding, on a white background', () => {
    const svg = boardSvg(board());
    // Ink spans x −1…120 (b is 10 wide) and y −1…64.5, before padding and rounding out.
    const [minX, minY, width, height] = /viewBox="([^"]+)"/
      .exec(svg)![1]!
      .split(' ')
      .map(Number) as [number, number, number, number];
    expect(minX).toBe(Math.floor(-1 - EXPORT_PADDING));
    expect(minY).toBe(Math.floor(-1 - EXPORT_PADDING));
    expect(minX + width).toBe(Math.ceil(124 + 5 + EXPORT_PADDING - 5));
    expect(minY + height).toBe(Math.ceil(64.5 + EXPORT_PADDING));
    expect(svg).toContain('fill="#ffffff"');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it('is a valid, empty drawing for an empty board', () => {
    const svg = boardSvg([]);
    expect(svg).not.toContain('<path');
    expect(svg).toContain('<rect');
  });

  it('escapes what could break out of an attribute', () => {
    const [stroke] = board();
    const svg = boardSvg([{ ...stroke!, id: '"><script>' }]);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('data-stroke-id="&quot;&gt;&lt;script&gt;"');
  });
});

/** XML 1.0's Char production, code point by code point. */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

describe('boardSvg with ids a peer chose', () => {
  it('writes only characters XML 1.0 allows, whatever the ids hold', () => {
    const [stroke] = board();
    const ids = ['\u0000', 'a\u0001b', '\u000b', '\ufffe', '\uffff', '\ud800', 'x\udc00y', 'ok 😀'];
    const svg = boardSvg(ids.map((id) => ({ ...stroke!, id })));
    for (const char of svg)
      expect(isXmlChar(char.codePointAt(0)!), `U+${char.codePointAt(0)!.toString(16)}`).toBe(true);
    const written = [...svg.matchAll(/data-stroke-id="([^"]*)"/g)].map(([, id]) => id);
    expect(written).toEqual([
      '\ufffd',
      'a\ufffdb',
      '\ufffd',
      '\ufffd',
      '\ufffd',
      '\ufffd',
      'x\ufffdy',
      'ok 😀',
    ]);
  });

  it('keeps tabs and line breaks in ids as references, so a parser gives them back', () => {
    const [stroke] = board();
    const svg = boardSvg([{ ...stroke!, id: 'a\tb\nc\rd' }]);
    expect(svg).toContain('data-stroke-id="a&#9;b&#10;c&#13;d"');
  });

  it('fills each stroke with the colour the caller maps it to', () => {
    const svg = boardSvg(board(), undefined, (color) => (color === '#e03131' ? 'green' : color));
    expect([...svg.matchAll(/fill="([^"]+)" data-stroke-id/g)].map(([, fill]) => fill)).toEqual([
      'green',
      '#1c7ed6',
    ]);
  });
});

describe('exportFileName', () => {
  it('names files after the room', () => {
    expect(exportFileName('team-notes_2', 'png')).toBe('board-team-notes_2.png');
    expect(exportFileName('abc', 'svg')).toBe('board-abc.svg');
  });
});

describe('boardSvg with shapes, text and notes', () => {
  function mixedBoard() {
    const doc = new Y.Doc();
    drawStroke(doc, { id: 's', points: line(20), origin: 'me' });
    addShape(doc, { id: 'r', type: 'rect', x: 0, y: 100, fill: 'semi', color: '#e03131' });
    addShape(doc, { id: 'e', type: 'ellipse', x: 200, y: 100 });
    addShape(doc, { id: 'a', type: 'arrow', x: 0, y: 300, w: 100, h: 0 });
    addText(doc, { id: 't', x: 0, y: 400, text: 'a < b\n& c' });
    addShape(doc, { id: 'n', type: 'note', x: 300, y: 300, w: 200, h: 200, color: '#ffd43b' });
    return listElements(doc).map((view) =>
      view.type === 'stroke'
        ? { ...view, points: view.worldPoints, shape: null }
        : { ...view, points: new Float32Array(), shape: view },
    );
  }

  it('draws every kind, bottom to top, and frames them all', () => {
    const svg = boardSvg(mixedBoard());
    const ids = [...svg.matchAll(/data-(?:stroke|element)-id="([^"]+)"/g)].map(([, id]) => id);
    expect(ids).toEqual(['s', 'r', 'e', 'a', 't', 'n']);
    expect(svg).toContain('fill="#e03131" fill-opacity="0.25"');
    expect(svg).toMatch(/<ellipse cx="250" cy="125" rx="50" ry="25" fill="none"/);
    const [, , , width] = /viewBox="([^"]+)"/.exec(svg)![1]!.split(' ').map(Number);
    expect(width).toBeGreaterThanOrEqual(500);
  });

  it('writes words as real text, a line a tspan, escaped', () => {
    const svg = boardSvg(mixedBoard());
    const text = /<g data-element-id="t">(<text[^>]*>.*?<\/text>)<\/g>/.exec(svg)?.[1] ?? '';
    expect([...text.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map(([, line]) => line)).toEqual([
      'a &lt; b',
      '&amp; c',
    ]);
    expect(svg).toMatch(/<g data-element-id="n"><rect [^>]*fill="#ffd43b"\/><text/);
  });
});
