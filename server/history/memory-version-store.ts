import type { RewrittenVersion, VersionStore } from './version-store.ts';
import { versionId, type NewVersion, type StoredVersion } from './version.ts';

interface RoomVersions {
  /** How many versions the room was ever given: the next id follows it. */
  count: number;
  readonly entries: Map<string, { version: StoredVersion; payload: Uint8Array }>;
}

/** Versions in this process's memory: for tests and for a relay without DATA_DIR. */
export class MemoryVersionStore implements VersionStore {
  readonly #rooms = new Map<string, RoomVersions>();

  list(room: string): Promise<StoredVersion[]> {
    const entries = this.#rooms.get(room)?.entries;
    const versions = entries ? [...entries.values()].map((entry) => entry.version) : [];
    return Promise.resolve(versions.sort((a, b) => (a.id < b.id ? -1 : 1)));
  }

  payloads(room: string, ids: readonly string[]): Promise<(Uint8Array | undefined)[]> {
    const entries = this.#rooms.get(room)?.entries;
    return Promise.resolve(ids.map((id) => entries?.get(id)?.payload));
  }

  add(room: string, version: NewVersion, payload: Uint8Array): Promise<StoredVersion> {
    let versions = this.#rooms.get(room);
    if (!versions) this.#rooms.set(room, (versions = { count: 0, entries: new Map() }));
    versions.count += 1;
    const stored = { ...version, id: versionId(versions.count) };
    versions.entries.set(stored.id, { version: stored, payload: payload.slice() });
    return Promise.resolve(stored);
  }

  rewrite(
    room: string,
    remove: readonly string[],
    rewrite: readonly RewrittenVersion[],
  ): Promise<void> {
    const entries = this.#rooms.get(room)?.entries;
    for (const { version } of rewrite) {
      if (!entries?.has(version.id)) {
        return Promise.reject(new RangeError(`room ${room} holds no version ${version.id}`));
      }
    }
    for (const id of remove) entries?.delete(id);
    for (const { version, payload } of rewrite) {
      entries?.set(version.id, { version, payload: payload.slice() });
    }
    return Promise.resolve();
  }
}
