import * as Y from 'yjs';
import { childRole } from './whiteboard-rules.ts';
import {
  GONE,
  MAX_TYPE_DEPTH,
  idKey,
  rootContainer,
  type Container,
  type KnownItems,
  type Landing,
} from './placement.ts';

/**
 * Where items of the room's document sit, read from the integrated document. A type's container
 * is found by walking up to its root once and then remembered: a type never moves.
 */
export class RoomDocItems implements KnownItems {
  readonly #doc: Y.Doc;
  readonly #containers = new WeakMap<Y.AbstractType<unknown>, Container>();

  constructor(doc: Y.Doc) {
    this.#doc = doc;
  }

  landingOf(id: Y.ID): Landing | null {
    const struct = this.#structAt(id);
    if (struct === null) return null;
    if (!(struct instanceof Y.Item)) return GONE;
    const parent: unknown = struct.parent;
    if (!(parent instanceof Y.AbstractType)) return GONE;
    return { container: this.containerOfType(parent), key: struct.parentSub };
  }

  containerAt(id: Y.ID): Container | typeof GONE | null {
    const struct = this.#structAt(id);
    if (struct === null) return null;
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) return GONE;
    return this.containerOfType(struct.content.type);
  }

  containerOfType(type: Y.AbstractType<unknown>): Container {
    const cached = this.#containers.get(type);
    if (cached) return cached;
    // The items holding each type from `type` up to (not including) its root.
    const chain: Y.Item[] = [];
    let top: Y.AbstractType<unknown> = type;
    for (let item = top._item; item !== null; item = top._item) {
      const parent: unknown = item.parent;
      // A room stored before depth was bounded may nest deeper: as deep as the limit is enough
      // to refuse anything nested further into it.
      if (!(parent instanceof Y.AbstractType) || chain.length > MAX_TYPE_DEPTH) {
        return {
          role: 'generic',
          depth: MAX_TYPE_DEPTH + 1,
          type,
          key: idKey(chain[0]?.id ?? item.id),
        };
      }
      chain.push(item);
      top = parent;
    }
    let container = rootContainer(Y.findRootTypeKey(top));
    for (let i = chain.length - 1; i >= 0; i--) {
      const item = chain[i]!;
      const content = item.content;
      if (!(content instanceof Y.ContentType)) break;
      const known = this.#containers.get(content.type);
      container = known ?? {
        role: childRole(container.role, item.parentSub, content),
        depth: container.depth + 1,
        type: content.type,
        key: idKey(item.id),
      };
      if (!known) this.#containers.set(content.type, container);
    }
    return container;
  }

  /** The integrated struct holding `id`, or null when the document does not reach that clock. */
  #structAt(id: Y.ID): Y.Item | Y.GC | null {
    if (id.clock >= Y.getState(this.#doc.store, id.client)) return null;
    // Typed as Item, but what is stored at a collected id is a GC struct.
    const struct: Y.Item | Y.GC = Y.getItem(this.#doc.store, id);
    return struct;
  }
}
