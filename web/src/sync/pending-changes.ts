/**
 * The local changes the relay is not known to hold: the "N" of "N changes kept on this device".
 *
 * Local content is compared with ServerKnowledge (server-knowledge.ts) on two counts:
 * - structs: every id in the local struct store that the relay is not known to hold (new strokes,
 *   new points, a finished flag), whichever client made them: after a reload, this page's own
 *   offline work belongs to the previous page's client id;
 * - deletions: every id deleted locally whose deletion the relay is not known to hold (erased
 *   strokes, cleared boards, the chunks a finished stroke merges away). Only explicit deletions
 *   are compared; those Yjs implies in every document (a deleted stroke's content, a map value
 *   overwritten) follow from facts that are compared themselves (see isExplicitDeletion). Without
 *   this, someone erasing a stroke while its author still draws it would leave the author's
 *   last points "unsaved" until the next reconnect: the relay deletes them too, but no message
 *   says so.
 *
 * N counts, in user terms, the strokes added, changed or erased that are not yet on the server:
 * each pending id is traced up to its top-level entry, the stroke it belongs to, and each stroke
 * counts once however many ids it has pending. A stroke drawn and erased while offline still
 * counts (its removal has yet to reach the server, even though the board shows nothing). Entries
 * outside the strokes map count one each. Ids that can no longer be traced (the content of an
 * erased stroke, garbage-collected) belong to an entry already counted; should nothing else be
 * pending, they count as one change, so N is never 0 while something is unsaved.
 *
 * Cost: one pass over the local struct store for the delete set, plus the pending ids
 * themselves; measured in pending-changes.test.ts.
 */
import * as Y from 'yjs';
import { STROKES_KEY } from '../model/schema.ts';
import type { ClockRange } from './id-set.ts';
import type { HeldState } from './server-knowledge.ts';

export interface PendingChanges {
  /** Strokes (and other top-level entries) with changes not known to be on the server. */
  readonly count: number;
  /** The ids of the strokes among them. */
  readonly strokeIds: ReadonlySet<string>;
  /** Struct ids (clock units) not known to be on the server. */
  readonly structs: number;
  /** Deleted ids whose deletion is not known to be on the server. */
  readonly deletions: number;
}

export const NOTHING_PENDING: PendingChanges = {
  count: 0,
  strokeIds: new Set(),
  structs: 0,
  deletions: 0,
};

type Struct = Y.Item | Y.GC;

export function pendingChanges(doc: Y.Doc, held: HeldState): PendingChanges {
  const entries = new EntryTracer();
  let structs = 0;
  let deletions = 0;

  for (const [client, list] of doc.store.clients) {
    const last = list[list.length - 1];
    if (!last) continue;
    for (const gap of held.structs.missing(client, 0, last.id.clock + last.length)) {
      structs += gap.end - gap.start;
      forEachStruct(list, gap, entries.trace);
    }
  }

  const deleted = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, items] of deleted.clients) {
    const list = doc.store.clients.get(client) ?? [];
    for (const { clock, len } of items) {
      for (const gap of held.deletions.missing(client, clock, clock + len)) {
        forEachStruct(list, gap, (struct) => {
          if (!isExplicitDeletion(struct)) return;
          deletions += overlap(struct, gap);
          entries.trace(struct);
        });
      }
    }
  }

  if (structs === 0 && deletions === 0) return NOTHING_PENDING;
  return {
    count: Math.max(1, entries.count),
    strokeIds: entries.strokeIds,
    structs,
    deletions,
  };
}

/**
 * Whether a deleted struct was deleted by someone's explicit delete, which travels in the delete
 * set of that person's update, rather than as a consequence Yjs draws in every document that
 * holds the structs involved (so the relay draws it too, without any message saying so):
 * - the content of a deleted type (a stroke's fields and points when the stroke is erased),
 *   kept as an Item under a deleted parent or garbage-collected into a GC struct: it goes with
 *   its parent's deletion, which is itself checked;
 * - a map value with a newer value for the same key to its right (overwritten, or the loser of
 *   two concurrent writes): every document holding both has the older one deleted, and the
 *   newer one's struct is itself checked.
 */
function isExplicitDeletion(struct: Struct): boolean {
  if (!(struct instanceof Y.Item)) return false;
  const parent = struct.parent;
  if (parent instanceof Y.AbstractType && parent._item !== null && parent._item.deleted) {
    return false;
  }
  return struct.parentSub === null || struct.right === null;
}

function overlap(struct: Struct, range: ClockRange): number {
  const start = Math.max(struct.id.clock, range.start);
  const end = Math.min(struct.id.clock + struct.length, range.end);
  return Math.max(0, end - start);
}

/** Calls `visit` for every struct of `list` (one client's, sorted) that overlaps `range`. */
function forEachStruct(list: Struct[], range: ClockRange, visit: (struct: Struct) => void): void {
  if (list.length === 0) return;
  for (let i = Y.findIndexSS(list, range.start); i < list.length; i++) {
    const struct = list[i]!;
    if (struct.id.clock >= range.end) break;
    visit(struct);
  }
}

/** Collects the distinct top-level entries that pending structs belong to. */
class EntryTracer {
  readonly strokeIds = new Set<string>();
  readonly #others = new Set<string>();
  readonly #rootNames = new Map<Y.AbstractType<unknown>, string>();

  get count(): number {
    return this.strokeIds.size + this.#others.size;
  }

  readonly trace = (struct: Struct): void => {
    if (!(struct instanceof Y.Item)) return; // garbage-collected: see the module comment
    let top = struct;
    while (top.parent instanceof Y.AbstractType && top.parent._item !== null) {
      top = top.parent._item;
    }
    const root = top.parent;
    if (!(root instanceof Y.AbstractType)) return;
    const rootName = this.#rootName(root);
    if (rootName === STROKES_KEY && top.parentSub !== null) {
      this.strokeIds.add(top.parentSub);
      return;
    }
    const key = top.parentSub ?? `#${top.id.client}:${top.id.clock}`;
    this.#others.add(`${rootName}/${key}`);
  };

  #rootName(root: Y.AbstractType<unknown>): string {
    let name = this.#rootNames.get(root);
    if (name === undefined) {
      name = Y.findRootTypeKey(root);
      this.#rootNames.set(root, name);
    }
    return name;
  }
}
