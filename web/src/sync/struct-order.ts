/**
 * Orders the structs of one decoded Yjs update so that each comes after every struct of the
 * same update it builds on: the previous struct of its own client (so each client's structs stay
 * in clock order), and the structs holding its origin, right origin and parent. Cut anywhere,
 * this order leaves no piece referring to a later one. The relay refuses (1007) an update whose
 * items build on items it does not hold, and Yjs writes an update's clients highest id first,
 * so in the update's own order a session that came later (with a higher id) precedes the one it
 * built on.
 *
 * Every such reference points to something that existed before the struct's first item was
 * made, so the references form a DAG: a depth-first walk from each struct in the update's own
 * order, emitting a struct after its dependencies, orders it in time linear in the update (plus
 * a binary search per reference). The walk keeps its own stack: a client's chain of structs is
 * as long as the update.
 */
import * as Y from 'yjs';

export type Struct = Y.Item | Y.GC;

/** The structs of `structs` (skips left out), each after the structs it depends on. */
export function dependencyOrder(structs: readonly (Struct | Y.Skip)[]): Struct[] {
  const index = new StructIndex(structs);
  const order: Struct[] = [];
  const done = new Set<Struct>();
  const visiting = new Set<Struct>();
  for (const root of index.all) {
    if (done.has(root)) continue;
    const stack = [{ struct: root, dependencies: index.dependenciesOf(root), next: 0 }];
    visiting.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const dependency = top.dependencies[top.next++];
      if (dependency === undefined) {
        stack.pop();
        visiting.delete(top.struct);
        done.add(top.struct);
        order.push(top.struct);
        continue;
      }
      // A reference back into the walk would be a cycle, which no Yjs document writes; it is
      // ignored rather than followed forever.
      if (done.has(dependency) || visiting.has(dependency)) continue;
      visiting.add(dependency);
      stack.push({ struct: dependency, dependencies: index.dependenciesOf(dependency), next: 0 });
    }
  }
  return order;
}

/** The update's structs by client, in clock order, to find which struct holds an id. */
class StructIndex {
  readonly all: Struct[] = [];
  readonly #byClient = new Map<number, Struct[]>();
  readonly #previous = new Map<Struct, Struct>();

  constructor(structs: readonly (Struct | Y.Skip)[]) {
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue;
      this.all.push(struct);
      const own = this.#byClient.get(struct.id.client);
      if (own === undefined) {
        this.#byClient.set(struct.id.client, [struct]);
        continue;
      }
      this.#previous.set(struct, own[own.length - 1]!);
      own.push(struct);
    }
  }

  dependenciesOf(struct: Struct): Struct[] {
    const found: Struct[] = [];
    const previous = this.#previous.get(struct);
    if (previous) found.push(previous);
    if (struct instanceof Y.Item) {
      const parent: unknown = struct.parent;
      for (const id of [
        struct.origin,
        struct.rightOrigin,
        parent instanceof Y.ID ? parent : null,
      ]) {
        const holder = id && this.#holding(id);
        if (holder && holder !== struct) found.push(holder);
      }
    }
    return found;
  }

  /** The struct of this update holding `id`; null when the update does not hold it. */
  #holding(id: Y.ID): Struct | null {
    const own = this.#byClient.get(id.client);
    if (own === undefined) return null;
    let low = 0;
    let high = own.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const struct = own[middle]!;
      if (id.clock < struct.id.clock) high = middle - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = middle + 1;
      else return struct;
    }
    return null;
  }
}
