import { isClientId, type AuthorBinding, type AuthorStore } from './author-store.ts';

/** Bindings in this process's memory: for tests, and servers given a DocStore of their own. */
export class MemoryAuthorStore implements AuthorStore {
  readonly #rooms = new Map<string, Map<number, string>>();

  async load(room: string): Promise<AuthorBinding[]> {
    const bound = this.#rooms.get(room);
    return bound ? [...bound].map(([client, key]) => ({ client, key })) : [];
  }

  async bind(room: string, bindings: readonly AuthorBinding[]): Promise<void> {
    // Checked whole before anything is kept: all or none, as the LevelDB store's batch.
    for (const { client } of bindings) {
      if (!isClientId(client)) throw new RangeError(`not a Yjs client id: ${client}`);
    }
    let bound = this.#rooms.get(room);
    if (!bound) this.#rooms.set(room, (bound = new Map()));
    for (const { client, key } of bindings) bound.set(client, key);
  }
}
