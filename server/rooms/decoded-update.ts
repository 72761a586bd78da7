import * as Y from 'yjs';
import { ProtocolError } from '../protocol/messages.ts';

export type Struct = Y.Item | Y.GC | Y.Skip;
export type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/**
 * A Yjs update read into its structs (without integrating anything), indexed by client so that
 * the struct holding any id is found by binary search. Structs the room already holds in full are
 * set apart: Yjs skips them, so nothing about them needs checking.
 */
export class DecodedUpdate {
  /** Structs the room does not hold yet (in part or whole), in the update's order. */
  readonly fresh: readonly Struct[];
  readonly deleteSet: DeleteSet;
  /** Each client's structs in clock order, as the update lists them. */
  readonly #byClient = new Map<number, Struct[]>();

  private constructor(structs: readonly Struct[], deleteSet: DeleteSet, store: Y.Doc['store']) {
    this.deleteSet = deleteSet;
    const fresh: Struct[] = [];
    for (const struct of structs) {
      const { client, clock } = struct.id;
      let list = this.#byClient.get(client);
      if (!list) this.#byClient.set(client, (list = []));
      list.push(struct);
      if (clock + struct.length > Y.getState(store, client)) fresh.push(struct);
    }
    this.fresh = fresh;
  }

  static read(update: Uint8Array, store: Y.Doc['store']): DecodedUpdate {
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(update);
    } catch (error) {
      throw new ProtocolError('malformed', `undecodable Yjs update: ${(error as Error).message}`);
    }
    return new DecodedUpdate(decoded.structs, decoded.ds, store);
  }

  /** Clients whose structs this update carries. */
  get clients(): IterableIterator<number> {
    return this.#byClient.keys();
  }

  /** The struct of this update that holds `id`, or null. */
  find(id: Y.ID): Struct | null {
    const list = this.#byClient.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const struct = list[middle]!;
      if (id.clock < struct.id.clock) high = middle - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = middle + 1;
      else return struct;
    }
    return null;
  }

  /**
   * Where this update's structs of `client` end when they continue without a gap from `from`
   * (what the room holds of that client): Yjs integrates those, and keeps anything past a gap
   * (or a Skip) pending. `from` itself when the update carries none that continue.
   */
  continuesTo(client: number, from: number): number {
    let end = from;
    for (const struct of this.#byClient.get(client) ?? []) {
      if (struct instanceof Y.Skip || struct.id.clock > end) break;
      end = Math.max(end, struct.id.clock + struct.length);
    }
    return end;
  }

  /** Whether this update deletes `id` (a struct it carries, or one the room holds). */
  deletes(id: Y.ID): boolean {
    return Y.isDeleted(this.deleteSet, id);
  }
}
