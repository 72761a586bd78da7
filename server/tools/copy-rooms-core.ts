import * as Y from 'yjs';
import type { AuthorBinding, AuthorStore } from '../authors/author-store.ts';
import type { DocStore } from '../storage/doc-store.ts';
import { compareDocuments, documentOf, type Comparison } from './same-document.ts';

/** One side of a copy: a store of rooms, their authors, and a way to name every room it holds. */
export interface RoomsPlace {
  readonly store: DocStore;
  readonly authors: AuthorStore;
  /** Every room that holds anything, each once. */
  rooms(): AsyncIterable<string>;
  close(): Promise<void>;
}

/**
 * What became of one room:
 *   copied      its state (and author bindings) were appended to the destination
 *   unchanged   the destination already held the same document: nothing was written
 *   conflict    the destination binds one of its client ids to another identity: the room's
 *               content was copied, that binding was left as the destination has it
 */
export type RoomOutcome =
  | { readonly room: string; readonly kind: 'copied'; readonly bytes: number }
  | { readonly room: string; readonly kind: 'unchanged'; readonly bytes: number }
  | { readonly room: string; readonly kind: 'conflict'; readonly clients: readonly number[] };

export type Verification =
  | { readonly room: string; readonly kind: 'same' }
  | { readonly room: string; readonly kind: 'differs'; readonly reason: string };

export interface CopyReport {
  readonly rooms: readonly RoomOutcome[];
  /** With `verify`: every room compared after the copy, source against destination. */
  readonly verified: readonly Verification[];
}

/**
 * Copies every room of `from` into `to`, one room at a time (memory: one room's document).
 * A room goes over as one update, its encoded state, appended to the destination's log:
 * appending merges with whatever the destination holds (Yjs updates commute and repeat
 * harmlessly), so a copy into a live or already-copied destination loses nothing there, and a
 * second run writes nothing for rooms that are already the same. Positions are the
 * destination's own; the relay compacts the copied entry like any other.
 */
export async function copyRooms(
  from: RoomsPlace,
  to: RoomsPlace,
  { verify = false, onRoom }: { verify?: boolean; onRoom?: (outcome: RoomOutcome) => void } = {},
): Promise<CopyReport> {
  const rooms: RoomOutcome[] = [];
  for await (const room of from.rooms()) {
    const outcome = await copyRoom(from, to, room);
    onRoom?.(outcome);
    rooms.push(outcome);
  }
  const verified: Verification[] = [];
  if (verify) {
    for (const { room } of rooms) verified.push(await verifyRoom(from, to, room));
  }
  return { rooms, verified };
}

async function copyRoom(from: RoomsPlace, to: RoomsPlace, room: string): Promise<RoomOutcome> {
  const source = documentOf((await from.store.load(room)).updates);
  const destination = documentOf((await to.store.load(room)).updates);
  try {
    // Bindings first, as the relay stores them: a struct is never stored before its author.
    const conflicts = await copyBindings(from.authors, to.authors, room);
    const before = compareDocuments(source, destination);
    const bytes = await writeUnlessSame(to.store, room, source, before);
    if (conflicts.length > 0) return { room, kind: 'conflict', clients: conflicts };
    return { room, kind: bytes === null ? 'unchanged' : 'copied', bytes: bytes ?? sizeOf(before) };
  } finally {
    source.destroy();
    destination.destroy();
  }
}

async function writeUnlessSame(
  store: DocStore,
  room: string,
  source: Y.Doc,
  comparison: Comparison,
): Promise<number | null> {
  if (comparison.same) return null;
  const state = Y.encodeStateAsUpdate(source);
  await store.append(room, [state]);
  return state.byteLength;
}

const sizeOf = (comparison: Comparison) => (comparison.same ? comparison.bytes : 0);

/** Binds in `to` what only `from` binds; returns the client ids the two bind to different keys. */
async function copyBindings(from: AuthorStore, to: AuthorStore, room: string): Promise<number[]> {
  const held = new Map((await to.load(room)).map(({ client, key }) => [client, key]));
  const missing: AuthorBinding[] = [];
  const conflicts: number[] = [];
  for (const binding of await from.load(room)) {
    const key = held.get(binding.client);
    if (key === undefined) missing.push(binding);
    else if (key !== binding.key) conflicts.push(binding.client);
  }
  await to.bind(room, missing);
  return conflicts;
}

async function verifyRoom(from: RoomsPlace, to: RoomsPlace, room: string): Promise<Verification> {
  const source = documentOf((await from.store.load(room)).updates);
  const destination = documentOf((await to.store.load(room)).updates);
  try {
    const comparison = compareDocuments(source, destination);
    if (!comparison.same) return { room, kind: 'differs', reason: comparison.reason };
    const missing = await missingBindings(from.authors, to.authors, room);
    if (missing > 0) return { room, kind: 'differs', reason: `${missing} author bindings` };
    return { room, kind: 'same' };
  } finally {
    source.destroy();
    destination.destroy();
  }
}

async function missingBindings(from: AuthorStore, to: AuthorStore, room: string) {
  const held = new Map((await to.load(room)).map(({ client, key }) => [client, key]));
  return (await from.load(room)).filter(({ client, key }) => held.get(client) !== key).length;
}
