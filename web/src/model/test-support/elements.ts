import type * as Y from 'yjs';
import { createShape, createText, type NewShape, type NewText } from '../elements.ts';
import { CREATED_AT } from './drawing.ts';

type ShapeOptions = Partial<NewShape> & Pick<NewShape, 'id' | 'type'>;

/** A shape with a test's defaults: 100 × 50 at the origin, black, width 2, by alice. */
export function addShape(doc: Y.Doc, options: ShapeOptions, origin: unknown = null): void {
  createShape(
    doc,
    {
      x: 0,
      y: 0,
      w: 100,
      h: 50,
      color: '#1e1e1e',
      width: 2,
      author: 'alice',
      createdAt: CREATED_AT,
      ...options,
    } as NewShape,
    origin,
  );
}

/** A text box with a test's defaults: 200 × 40 at the origin. */
export function addText(
  doc: Y.Doc,
  options: Partial<NewText> & Pick<NewText, 'id'>,
  origin: unknown = null,
): void {
  createText(
    doc,
    {
      x: 0,
      y: 0,
      w: 200,
      h: 40,
      color: '#1e1e1e',
      width: 2,
      author: 'alice',
      createdAt: CREATED_AT,
      ...options,
    },
    origin,
  );
}
