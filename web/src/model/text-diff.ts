/**
 * Keeping a plain textarea and a Y.Text in step, both ways, without replacing the whole text:
 * a local edit is applied as the one splice that turns the old value into the new (so a peer
 * typing elsewhere in the same box keeps their words), and a peer's edit moves the caret as it
 * moves the text before it.
 */
import type * as Y from 'yjs';

export interface Splice {
  readonly index: number;
  readonly remove: number;
  readonly insert: string;
}

/**
 * The single splice from `before` to `after`. `caret` is where the caret is in `after`: what was
 * typed or pasted ends there, so the common end is looked for after it first, then the common
 * start before it; typing a letter next to the same letter ("aa" → "aaa") is then placed where
 * it was typed, which matters when a peer is typing in the same box.
 */
export function spliceBetween(before: string, after: string, caret = after.length): Splice | null {
  if (before === after) return null;
  let end = 0;
  const endLimit = Math.min(before.length, after.length - caret);
  while (end < endLimit && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  let start = 0;
  const startLimit = Math.min(before.length - end, after.length - end);
  while (start < startLimit && before[start] === after[start]) start++;
  return {
    index: start,
    remove: before.length - start - end,
    insert: after.slice(start, after.length - end),
  };
}

/** Applies the edit from `before` to `after` to `text` (which held `before`), in one transaction. */
export function applyEdit(
  text: Y.Text,
  before: string,
  after: string,
  caret: number,
  origin: unknown,
): void {
  const splice = spliceBetween(before, after, caret);
  if (!splice) return;
  const apply = () => {
    if (splice.remove > 0) text.delete(splice.index, splice.remove);
    if (splice.insert !== '') text.insert(splice.index, splice.insert);
  };
  if (text.doc) text.doc.transact(apply, origin);
  else apply();
}

/** A Y.Text change as its event reports it. */
export type TextDelta = readonly { insert?: unknown; delete?: number; retain?: number }[];

/** Where `index` is after `delta`: text inserted before it pushes it on, text deleted pulls it back. */
export function mapIndex(index: number, delta: TextDelta): number {
  let at = 0;
  let mapped = index;
  for (const op of delta) {
    if (at > index) break;
    if (op.retain !== undefined) {
      at += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      // An insert exactly at the caret stays after it only if it came before: a peer typing
      // at the same spot does not push this user's caret.
      if (at < index) mapped += length;
    } else if (op.delete !== undefined) {
      const removed = Math.min(op.delete, Math.max(0, index - at));
      mapped -= removed;
      at += op.delete;
    }
  }
  return Math.max(0, mapped);
}
