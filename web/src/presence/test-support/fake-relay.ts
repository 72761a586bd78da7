import * as Y from 'yjs';
import {
  applyAwarenessUpdate,
  Awareness,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';

interface AwarenessChange {
  readonly added: number[];
  readonly updated: number[];
  readonly removed: number[];
}

interface Link {
  readonly announced: Set<number>;
  readonly forward: (change: AwarenessChange, origin: unknown) => void;
}

/** The origin of updates a client receives from the relay. */
export const FROM_RELAY = Symbol('from-relay');

/**
 * The relay's awareness handling (server/rooms/room.ts) and y-websocket's client side of it,
 * in memory and synchronous: clients announce their state on joining and receive everyone's;
 * when a client's socket closes, the relay removes what it announced for everyone else, and the
 * client drops every remote state, as y-websocket does.
 */
export class FakeRelay {
  readonly awareness = new Awareness(new Y.Doc());
  readonly #links = new Map<Awareness, Link>();

  constructor() {
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.#broadcast);
  }

  join(client: Awareness): void {
    if (this.#links.has(client)) throw new Error('already joined');
    const link: Link = {
      announced: new Set(),
      forward: ({ added, updated, removed }, origin) => {
        if (origin === FROM_RELAY) return;
        const update = encodeAwarenessUpdate(client, [...added, ...updated, ...removed]);
        applyAwarenessUpdate(this.awareness, update, client);
      },
    };
    this.#links.set(client, link);
    client.on('update', link.forward);
    const everyone = [...this.awareness.getStates().keys()];
    if (everyone.length > 0) {
      applyAwarenessUpdate(client, encodeAwarenessUpdate(this.awareness, everyone), FROM_RELAY);
    }
    // y-websocket announces the local state on open, with its current clock.
    if (client.getLocalState() !== null) {
      applyAwarenessUpdate(
        this.awareness,
        encodeAwarenessUpdate(client, [client.clientID]),
        client,
      );
    }
  }

  /** The client's socket closes. */
  drop(client: Awareness): void {
    const link = this.#links.get(client);
    if (!link) throw new Error('not joined');
    this.#links.delete(client);
    client.off('update', link.forward);
    if (link.announced.size > 0) removeAwarenessStates(this.awareness, [...link.announced], client);
    const remote = [...client.getStates().keys()].filter((id) => id !== client.clientID);
    removeAwarenessStates(client, remote, FROM_RELAY);
  }

  destroy(): void {
    for (const client of [...this.#links.keys()]) this.drop(client);
    this.awareness.destroy();
  }

  readonly #broadcast = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const owner = this.#links.get(origin as Awareness);
    if (owner) {
      for (const id of [...added, ...updated]) owner.announced.add(id);
      for (const id of removed) owner.announced.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    const update = encodeAwarenessUpdate(this.awareness, changed);
    for (const client of this.#links.keys()) {
      if (client !== origin) applyAwarenessUpdate(client, update, FROM_RELAY);
    }
  };
}

/** A client awareness with its own document, as each browser tab has. */
export function newClient(): Awareness {
  return new Awareness(new Y.Doc());
}
