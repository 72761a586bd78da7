import * as Y from 'yjs';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { StoredRoom } from '../storage/doc-store.ts';
import { UPDATES_PER_TRANSACTION, applyUpdates } from './apply-updates.ts';

/** Longest stretch a room load runs before letting other work in (checked between transactions). */
const LOAD_SLICE_MS = 10;

export interface LoadedDoc {
  readonly doc: Y.Doc;
  /** The room's one stored update, applied whole: its full state, in bytes a client can load as they are. */
  readonly wholeState: Uint8Array | null;
}

/**
 * Builds a room's doc from what the store holds, in slices of ~10 ms so that other rooms stay
 * responsive while a long log loads.
 */
export async function loadDoc(
  name: string,
  stored: StoredRoom,
  options: { readonly logger: Logger; readonly metrics: Metrics },
): Promise<LoadedDoc> {
  const doc = new Y.Doc({ guid: name, gc: true });
  const unusable: { index: number; error: unknown }[] = [];
  const updates = stored.updates;
  for (let index = 0; index < updates.length;) {
    const sliceStart = performance.now();
    do {
      const end = Math.min(updates.length, index + UPDATES_PER_TRANSACTION);
      applyUpdates(doc, updates, index, end, (at, error) => unusable.push({ index: at, error }));
      index = end;
    } while (index < updates.length && performance.now() - sliceStart < LOAD_SLICE_MS);
    if (index < updates.length) await new Promise((resolve) => setImmediate(resolve));
  }
  // validateUpdate keeps poisonous updates out of the log, so this is a last line of defence:
  // one bad entry must not lock everyone out of a room for good. The entry is skipped, but its
  // bytes go to the error log, so an operator can still recover or report it.
  for (const { index, error } of unusable) {
    options.metrics.errors.labels('stored_update_skipped').inc();
    options.logger.error(
      { err: error, room: name, index, update: Buffer.from(updates[index]!).toString('base64') },
      'stored update cannot be applied; skipped it',
    );
  }
  const wholeState = updates.length === 1 && unusable.length === 0 ? updates[0]! : null;
  return { doc, wholeState };
}
