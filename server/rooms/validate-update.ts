import * as Y from 'yjs';
import { ProtocolError } from '../protocol/messages.ts';

/**
 * Refuses a Yjs update that would poison the room's log: one that cannot be parsed, one that
 * throws when integrated, or one whose resulting state cannot be loaded again (seeded fuzzing
 * found updates of each kind; see stories/poison-updates.test.ts). The check runs on scratch
 * documents holding only this update, so it costs time in the update's size, not the room's.
 * Whatever it lets through is integrated into the live document after it is stored, and a
 * failure there still fails the room safely (Room#applyStored).
 *
 * The room-aware checks of update-admission.ts (nesting depth, new client ids, the whiteboard's
 * rules) run before this one: types nested 16,000 deep stall Yjs on scratch documents too.
 */
export function validateUpdate(update: Uint8Array): void {
  // A fixed guid: the default is a fresh UUID built from 31 crypto calls, ~100 µs per doc.
  const scratch = new Y.Doc({ guid: 'validate' });
  try {
    Y.applyUpdate(scratch, update);
    if (scratch.store.clients.size === 0) checkPending(scratch.store);
    else checkReloadable(scratch, update);
  } catch (error) {
    throw new ProtocolError('malformed', `unusable Yjs update: ${(error as Error).message}`);
  } finally {
    scratch.destroy();
  }
}

/**
 * Nearly every update a client sends continues its earlier ones, so on an empty document all of
 * it waits for what it builds on: nothing integrates, and the scratch store holds it re-encoded
 * as pending. Those bytes are what the room will integrate and later encode, so they must parse
 * back whole. Reading them is what re-encoding the scratch state would do first, at less than
 * half the cost of encoding (measured on 64-point strokes).
 */
function checkPending(store: Y.Doc['store']): void {
  if (store.pendingStructs) Y.decodeUpdateV2(store.pendingStructs.update);
  if (store.pendingDs) Y.decodeUpdateV2(store.pendingDs);
}

/** The state the update integrated into must encode to bytes a fresh document loads. */
function checkReloadable(scratch: Y.Doc, update: Uint8Array): void {
  const state = Y.encodeStateAsUpdate(scratch);
  // The usual case, re-encoding to the very same bytes: loading them is what just succeeded,
  // so a second document would prove nothing new.
  if (!sameBytes(state, update)) loadInto(new Y.Doc({ guid: 'validate' }), state);
}

function loadInto(doc: Y.Doc, update: Uint8Array): void {
  try {
    Y.applyUpdate(doc, update);
  } finally {
    doc.destroy();
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.byteLength === b.byteLength &&
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );

/** An update with no structs and no deletions: y-websocket sends one as step 2 when in sync. */
export const isEmptyUpdate = (update: Uint8Array): boolean =>
  update.length === 2 && update[0] === 0 && update[1] === 0;
