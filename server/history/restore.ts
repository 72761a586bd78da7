import * as Y from 'yjs';
import { STROKES_KEY } from '../../web/src/model/schema.ts';

/**
 * The one change that makes the live board's elements (its `strokes` map) equal to a version's:
 * entries the version lacks are deleted, entries it has and the board lost are created again
 * (deep copies: the deleted originals cannot come back in Yjs), and entries both hold are
 * mended field by field. Written by a scratch replica of `live` under a client id of its own,
 * so the room stores and relays it as any client's change. Null when nothing differs.
 *
 * Only the `strokes` map is restored: it is the whole board (web/src/model/schema.ts), and a
 * top-level type the app does not know has no shape the relay could copy faithfully.
 */
export function restoreUpdate(live: Y.Doc, version: Y.Doc): Uint8Array | null {
  const replica = new Y.Doc();
  try {
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(live));
    const before = Y.encodeStateVector(replica);
    let changed = false;
    replica.transact(() => {
      changed = mendMap(replica.getMap(STROKES_KEY), version.getMap(STROKES_KEY));
    });
    return changed ? Y.encodeStateAsUpdate(replica, before) : null;
  } finally {
    replica.destroy();
  }
}

/** Makes `target` hold what `source` holds; true when it changed anything. */
function mendMap(target: Y.Map<unknown>, source: Y.Map<unknown>): boolean {
  let changed = false;
  for (const key of [...target.keys()]) {
    if (source.has(key)) continue;
    target.delete(key);
    changed = true;
  }
  for (const [key, wanted] of source.entries()) {
    const present = target.get(key);
    if (present instanceof Y.Map && wanted instanceof Y.Map && target.has(key)) {
      // An element both hold: mend its fields, so an unchanged one stays the same item.
      if (mendMap(present, wanted)) changed = true;
      continue;
    }
    if (target.has(key) && canonical(present) === canonical(wanted)) continue;
    target.set(key, copyOf(wanted));
    changed = true;
  }
  return changed;
}

/** A deep copy of a value read from another document, ready to be inserted here. */
function copyOf(value: unknown): unknown {
  if (value instanceof Y.Map) {
    const copy = new Y.Map<unknown>();
    for (const [key, inner] of value.entries()) copy.set(key, copyOf(inner));
    return copy;
  }
  if (value instanceof Y.Array) {
    const copy = new Y.Array<unknown>();
    copy.push(value.toArray().map(copyOf));
    return copy;
  }
  if (value instanceof Y.Text) {
    const copy = new Y.Text();
    copy.applyDelta(value.toDelta());
    return copy;
  }
  if (value instanceof Y.AbstractType) {
    throw new TypeError(`cannot restore a ${value.constructor.name} of a version`);
  }
  return value instanceof Uint8Array ? value.slice() : value;
}

/** A string equal for equal content, shared types included; only for comparing. */
function canonical(value: unknown): string {
  if (value instanceof Y.Map) {
    const keys = [...value.keys()].sort();
    return `M{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value.get(key))}`).join(',')}}`;
  }
  if (value instanceof Y.Array) return `A[${value.toArray().map(canonical).join(',')}]`;
  if (value instanceof Y.Text) return `T${JSON.stringify(value.toDelta())}`;
  if (value instanceof Uint8Array) return `B${Buffer.from(value).toString('base64')}`;
  return `J${JSON.stringify(value) ?? 'undefined'}`;
}
