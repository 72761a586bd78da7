import { isClientId, type AuthorBinding, type AuthorStore } from '../authors/author-store.ts';
import { roomKeys } from './keys.ts';
import type { RedisClient } from './redis-client.ts';

/**
 * Bindings in Redis: one hash per room (`wb:{room}:authors`, client id -> identity key), shared
 * by every instance. One HSET per bind: all of its bindings or none.
 */
export class RedisAuthorStore implements AuthorStore {
  readonly #client: RedisClient;

  constructor(client: RedisClient) {
    this.#client = client;
  }

  async load(room: string): Promise<AuthorBinding[]> {
    const stored = await this.#client.hgetall(roomKeys(room).authors);
    return Object.entries(stored).map(([field, key]) => {
      const client = Number(field);
      if (!/^[0-9]{1,16}$/.test(field) || !isClientId(client)) {
        throw new Error(
          `stored author binding of ${room} has a bad client id: ${field.slice(0, 40)}`,
        );
      }
      return { client, key };
    });
  }

  async bind(room: string, bindings: readonly AuthorBinding[]): Promise<void> {
    // Checked whole before anything is sent: all or none.
    for (const { client } of bindings) {
      if (!isClientId(client)) throw new RangeError(`not a Yjs client id: ${client}`);
    }
    if (bindings.length === 0) return;
    const fields = new Map(bindings.map(({ client, key }) => [String(client), key]));
    await this.#client.hset(roomKeys(room).authors, fields);
  }
}
