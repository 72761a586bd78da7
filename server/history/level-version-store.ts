import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { KeyedTable } from '../storage/keyed-table.ts';
import type { RewrittenVersion, VersionStore } from './version-store.ts';
import {
  decodeStoredVersion,
  encodeStoredVersion,
  versionId,
  type NewVersion,
  type StoredVersion,
} from './version.ts';

/**
 * Versions in the relay's LevelDB, a table of the database the rooms live in (LevelStore.table:
 * the same folder, group commit, health and DATA_DIR budget). Room names are [A-Za-z0-9_-], so
 * '!' separates:
 *   <room>!n        varUint: how many versions the room was ever given (ids are never reused)
 *   <room>!v!<id>   the version's record, JSON
 *   <room>!p!<id>   its payload (version-chain.ts)
 * Ids are fixed-width, so a prefix scan lists a room's versions in saving order.
 */
const countKey = (room: string) => `${room}!n`;
const recordPrefix = (room: string) => `${room}!v!`;
const payloadKey = (room: string, id: string) => `${room}!p!${id}`;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

export class LevelVersionStore implements VersionStore {
  readonly #table: KeyedTable;
  /**
   * The add in flight per room: an add reads the room's count, then writes it, and LevelDB
   * admits one process per folder, so ordering them here is enough.
   */
  readonly #adding = new Map<string, Promise<unknown>>();

  constructor(table: KeyedTable) {
    this.#table = table;
  }

  async list(room: string): Promise<StoredVersion[]> {
    const values = await this.#table.valuesFrom(recordPrefix(room));
    return values.map((value) => decodeStoredVersion(fromUtf8.decode(value)));
  }

  async payloads(room: string, ids: readonly string[]): Promise<(Uint8Array | undefined)[]> {
    const values = await Promise.all(ids.map((id) => this.#table.get(payloadKey(room, id))));
    // Level hands back Buffers: plain views, as every store answers.
    return values.map(
      (value) => value && new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
    );
  }

  add(room: string, version: NewVersion, payload: Uint8Array): Promise<StoredVersion> {
    const previous = this.#adding.get(room) ?? Promise.resolve();
    const adding = previous.catch(() => undefined).then(() => this.#add(room, version, payload));
    this.#adding.set(room, adding);
    void adding
      .catch(() => undefined)
      .finally(() => {
        if (this.#adding.get(room) === adding) this.#adding.delete(room);
      });
    return adding;
  }

  async #add(room: string, version: NewVersion, payload: Uint8Array): Promise<StoredVersion> {
    const count = await this.#table.get(countKey(room));
    const n = (count ? decoding.readVarUint(decoding.createDecoder(count)) : 0) + 1;
    const stored = { ...version, id: versionId(n) };
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, n);
    await this.#table.put([
      { key: payloadKey(room, stored.id), value: payload },
      { key: recordPrefix(room) + stored.id, value: utf8.encode(encodeStoredVersion(stored)) },
      { key: countKey(room), value: encoding.toUint8Array(encoder) },
    ]);
    return stored;
  }

  async rewrite(
    room: string,
    remove: readonly string[],
    rewrite: readonly RewrittenVersion[],
  ): Promise<void> {
    for (const { version } of rewrite) {
      if ((await this.#table.get(recordPrefix(room) + version.id)) === undefined) {
        throw new RangeError(`room ${room} holds no version ${version.id}`);
      }
    }
    await this.#table.put(
      rewrite.flatMap(({ version, payload }) => [
        { key: payloadKey(room, version.id), value: payload },
        { key: recordPrefix(room) + version.id, value: utf8.encode(encodeStoredVersion(version)) },
      ]),
      remove.flatMap((id) => [recordPrefix(room) + id, payloadKey(room, id)]),
    );
  }
}
