/**
 * Where each new item of an update will land once Yjs integrates it: in which shared type, under
 * which key, how deeply nested, and what that type is to the whiteboard. Yjs encodes an item's
 * parent only when it has no neighbour; otherwise the parent is the neighbour's, so finding it
 * may lead through this update, updates accepted but not yet applied, and the room's document.
 *
 * Resolution is iterative and memoised, so it costs time linear in the update, however its items
 * chain (an update of 224 KB nesting types 16,000 deep stalled the relay for 60 s inside Yjs,
 * which walks every parent chain on each change; it is refused here before Yjs sees it).
 */
import * as Y from 'yjs';
import { CloseReason, RefusedError } from '../protocol/close-reasons.ts';
import { ProtocolError } from '../protocol/messages.ts';
import type { DecodedUpdate } from './decoded-update.ts';
import { childRole, rootRole, type Role } from './whiteboard-rules.ts';

/**
 * Deepest nesting of shared types below a root. The whiteboard nests 2 (strokes → stroke →
 * points); generic clients rarely pass 10. Deeper nesting costs Yjs time in depth × changes.
 */
export const MAX_TYPE_DEPTH = 32;

/** A shared type items can land in. */
export interface Container {
  readonly role: Role;
  /** Types between it and its root: 0 for a root. */
  readonly depth: number;
  /** The live type when the room's document holds it, null while only an update does. */
  readonly type: Y.AbstractType<unknown> | null;
  /** `client:clock` of the item holding it (`root:name` for a root): one name however found. */
  readonly key: string;
}

export interface Placement {
  readonly container: Container;
  /** The map key (Yjs' parentSub), null in a list. */
  readonly key: string | null;
}

/** Yjs will drop the item: its parent or a neighbour is deleted and collected. */
export const GONE = 'gone';
export type Landing = Placement | typeof GONE;

/** What the room knows of ids outside the update being resolved. */
export interface KnownItems {
  /** Where the item holding `id` sits; null when unknown. */
  landingOf(id: Y.ID): Landing | null;
  /** The type held by the item with `id`; GONE when that item holds none; null when unknown. */
  containerAt(id: Y.ID): Container | typeof GONE | null;
}

export const idKey = (id: Y.ID): string => `${id.client}:${id.clock}`;

export const rootContainer = (name: string): Container => ({
  role: rootRole(name),
  depth: 0,
  type: null,
  key: `root:${name}`,
});

/** The container a new type item opens, refusing it when it nests too deep. */
export function containerOf(item: Y.Item, at: Placement): Container {
  const depth = at.container.depth + 1;
  if (depth > MAX_TYPE_DEPTH) {
    throw new RefusedError(
      CloseReason.nestingTooDeep,
      `shared types nested more than ${MAX_TYPE_DEPTH} levels deep`,
    );
  }
  return {
    role: childRole(at.container.role, at.key, item.content),
    depth,
    type: null,
    key: idKey(item.id),
  };
}

const unknownBase = (): ProtocolError =>
  new ProtocolError('malformed', 'update builds on content the room does not hold');

type Step = Landing | { readonly needs: Y.Item };

/**
 * Resolves where every item of `update` the room does not hold yet will land. Throws
 * ProtocolError when an item builds on something the room does not hold (Yjs would keep it
 * pending, where nothing could be checked), RefusedError when types nest too deep.
 */
export class PlacementResolver {
  readonly #update: DecodedUpdate;
  readonly #known: KnownItems;
  readonly #landings = new Map<Y.Item, Landing>();
  readonly #containers = new Map<Y.Item, Container>();

  constructor(update: DecodedUpdate, known: KnownItems) {
    this.#update = update;
    this.#known = known;
  }

  landingOf(item: Y.Item): Landing {
    const known = this.#landings.get(item);
    if (known) return known;
    // An explicit stack instead of recursion: chains may be as long as the update.
    const stack: Y.Item[] = [item];
    const visiting = new Set<Y.Item>([item]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const step = this.#step(top);
      if (typeof step === 'object' && 'needs' in step) {
        if (visiting.has(step.needs)) throw unknownBase();
        visiting.add(step.needs);
        stack.push(step.needs);
        continue;
      }
      this.#landings.set(top, step);
      stack.pop();
    }
    return this.#landings.get(item)!;
  }

  /** The type a new type item of this update opens (after landingOf resolved it). */
  containerOf(item: Y.Item, at: Placement): Container {
    let container = this.#containers.get(item);
    if (!container) this.#containers.set(item, (container = containerOf(item, at)));
    return container;
  }

  #step(item: Y.Item): Step {
    const parent: unknown = item.parent;
    if (typeof parent === 'string')
      return { container: rootContainer(parent), key: item.parentSub };
    if (parent instanceof Y.ID) return this.#inType(parent, item.parentSub);
    // No parent written: Yjs takes the left neighbour's, else the right one's, and drops the
    // item when either neighbour has been collected.
    const left = item.origin ? this.#neighbour(item.origin) : null;
    const right = item.rightOrigin ? this.#neighbour(item.rightOrigin) : null;
    for (const side of [left, right])
      if (side !== null && typeof side === 'object' && 'needs' in side) return side;
    if (left === GONE || right === GONE) return GONE;
    return left ?? right ?? GONE;
  }

  #neighbour(id: Y.ID): Step {
    const known = this.#known.landingOf(id);
    if (known) return known;
    const struct = this.#update.find(id);
    if (struct instanceof Y.GC) return GONE;
    if (!(struct instanceof Y.Item)) throw unknownBase();
    return this.#landings.get(struct) ?? { needs: struct };
  }

  #inType(id: Y.ID, key: string | null): Step {
    const known = this.#known.containerAt(id);
    if (known === GONE) return GONE;
    if (known) return { container: known, key };
    const struct = this.#update.find(id);
    if (struct instanceof Y.GC) return GONE;
    if (!(struct instanceof Y.Item)) throw unknownBase();
    // Yjs drops an item whose parent holds no type.
    if (!(struct.content instanceof Y.ContentType) || struct.id.clock !== id.clock) return GONE;
    const landing = this.#landings.get(struct);
    if (!landing) return { needs: struct };
    if (landing === GONE) return GONE;
    return { container: this.containerOf(struct, landing), key };
  }
}
