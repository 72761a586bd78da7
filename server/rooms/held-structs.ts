import * as Y from 'yjs';
import type { DecodedUpdate } from './decoded-update.ts';
import type { UnappliedItems } from './unapplied-items.ts';

/** A run of clocks [clock, end) of one client. */
interface Run {
  readonly clock: number;
  readonly end: number;
}

/**
 * Which structs a room already holds, or is about to: what an update re-sends rather than adds.
 * Authorship (authors/room-authors.ts) needs the difference: y-websocket's sync step 2 and a
 * reconnecting client's catch-up re-send structs the room has, everyone's, and that is no claim
 * on their client ids.
 *
 * Held are: the document's integrated structs (its state vector), the accepted updates not
 * applied yet (waiting for their log write), and structs the document keeps pending (stored, but
 * waiting for a missing dependency). Pending structs count as held, and an update's own structs
 * past a gap count as added: once stored they take those clocks for good, whenever the gap
 * fills. Clients re-send the pending structs they hold (Yjs' encodeStateAsUpdate includes them),
 * so without this an innocent re-send of someone's pending struct would be refused forever.
 */
export class HeldStructs {
  readonly #store: Y.Doc['store'];
  readonly #unapplied: UnappliedItems;
  /** The document's pending structs by client, decoded once per pending update. */
  #pending: { readonly update: Uint8Array; readonly runs: Map<number, Run[]> } | null = null;

  constructor(doc: Y.Doc, unapplied: UnappliedItems) {
    this.#store = doc.store;
    this.#unapplied = unapplied;
  }

  /**
   * The client ids under which `decoded` adds structs the room does not hold. An honest update
   * continues its client's clocks, which is decided by one state lookup; only structs past a gap
   * look further (the unapplied runs, then the document's pending structs).
   */
  addedBy(decoded: DecodedUpdate): Set<number> {
    const added = new Set<number>();
    for (const struct of decoded.fresh) {
      if (struct instanceof Y.Skip) continue;
      const { client, clock } = struct.id;
      if (added.has(client)) continue;
      const end = clock + struct.length;
      const held = this.#unapplied.continuesTo(client, Y.getState(this.#store, client));
      if (end <= held) continue;
      if (this.#unapplied.covers(client, clock, end) || this.#pendingCovers(client, clock, end))
        continue;
      added.add(client);
    }
    return added;
  }

  #pendingCovers(client: number, clock: number, end: number): boolean {
    const pending = this.#store.pendingStructs;
    if (!pending) return false;
    if (this.#pending?.update !== pending.update) {
      this.#pending = { update: pending.update, runs: runsOf(pending.update) };
    }
    return covers(this.#pending.runs.get(client), clock, end);
  }
}

/**
 * Each client's runs of structs in `update`, in clock order, merged where they touch. Yjs keeps
 * its pending structs encoded as a v2 update.
 */
function runsOf(update: Uint8Array): Map<number, Run[]> {
  const structs = new Map<number, Run[]>();
  for (const struct of Y.decodeUpdateV2(update).structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    let list = structs.get(client);
    if (!list) structs.set(client, (list = []));
    list.push({ clock, end: clock + struct.length });
  }
  const runs = new Map<number, Run[]>();
  for (const [client, list] of structs) {
    const merged: Run[] = [];
    for (const run of list.sort((a, b) => a.clock - b.clock)) {
      const last = merged[merged.length - 1];
      if (last && run.clock <= last.end) {
        merged[merged.length - 1] = { clock: last.clock, end: Math.max(last.end, run.end) };
      } else merged.push(run);
    }
    runs.set(client, merged);
  }
  return runs;
}

/** Whether one run of the sorted `runs` holds all of [clock, end). */
function covers(runs: readonly Run[] | undefined, clock: number, end: number): boolean {
  if (!runs) return false;
  let low = 0;
  let high = runs.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const run = runs[middle]!;
    if (clock < run.clock) high = middle - 1;
    else if (clock >= run.end) low = middle + 1;
    else return end <= run.end;
  }
  return false;
}
