import type * as Y from 'yjs';
import { elementCount } from './board-elements.ts';
import { versionsToThin, type RetentionPolicy } from './retention.ts';
import {
  chainOf,
  decodePayload,
  diffsSinceKey,
  nextVersion,
  payloadsForRemoval,
  planRemoval,
  readChain,
  stateOf,
  withoutTip,
} from './version-chain.ts';
import type { VersionStore } from './version-store.ts';
import type { StoredVersion, VersionInfo, VersionReason } from './version.ts';
import { versionInfo } from './version.ts';

/**
 * Every room's versions: saving one of a live document (as a diff against the last, and thinning
 * by the retention policy after), listing them, and reading one back whole. The work of one room
 * is done one call at a time in this process, so a save never takes its diff against a version
 * that a concurrent thinning is merging away. Instances sharing a Redis may save one room at the
 * same moment; then the later version's diff is taken against the earlier tip, and reads merge
 * both: a version read back may hold a few changes saved by the other instance, never fewer.
 */
export class BoardHistory {
  readonly #store: VersionStore;
  readonly #retention: RetentionPolicy;
  readonly #now: () => number;
  readonly #busy = new Map<string, Promise<unknown>>();

  constructor(store: VersionStore, retention: RetentionPolicy, now: () => number = Date.now) {
    this.#store = store;
    this.#retention = retention;
    this.#now = now;
  }

  /** The room's versions, newest first. */
  async list(room: string): Promise<VersionInfo[]> {
    const versions = await this.#store.list(room);
    return versions.reverse().map(versionInfo);
  }

  /** The whole document of version `id` as one Yjs update; undefined for an id the room lacks. */
  read(room: string, id: string): Promise<Uint8Array | undefined> {
    return this.#serial(room, async () => {
      const versions = await this.#store.list(room);
      if (!versions.some((version) => version.id === id)) return undefined;
      const chain = chainOf(versions, id);
      if (chain === null) throw new Error(`version ${id} of room ${room} has no keyframe`);
      const payloads = await this.#store.payloads(
        room,
        chain.map((version) => version.id),
      );
      return readChain(payloads.map((payload, i) => present(payload, room, chain[i]!.id)));
    });
  }

  /**
   * Saves `doc` as it is now (read at once, before any await) and thins the room's automatic
   * versions by the retention policy.
   */
  save(
    room: string,
    doc: Y.Doc,
    reason: VersionReason,
    name: string | null = null,
  ): Promise<StoredVersion> {
    const at = this.#now();
    const elements = elementCount(doc);
    // The document may change while the store is read: what is saved is the moment of the call.
    const state = stateOf(doc);
    return this.#serial(room, async () => {
      const versions = await this.#store.list(room);
      const last = versions.at(-1);
      const tipPayload = last ? (await this.#store.payloads(room, [last.id]))[0] : undefined;
      const tipFields = tipPayload ? decodePayload(tipPayload) : null;
      const tip = tipFields && {
        stateVector: tipFields.stateVector,
        deletes: tipFields.deletes ?? null,
        diffsSinceKey: diffsSinceKey(versions),
      };
      const next = nextVersion(state, tip);
      const saved = await this.#store.add(
        room,
        { at, reason, name, elements, bytes: state.whole.byteLength, frame: next.frame },
        next.payload,
      );
      // Only the newest version keeps its whole delete set. Should this fail, the old one keeps
      // it: bytes wasted, nothing wrong.
      const stripped = tipPayload && last ? withoutTip(tipPayload) : null;
      if (stripped && last) {
        await this.#store.rewrite(room, [], [{ version: last, payload: stripped }]);
      }
      await this.#thin(room, [...versions, saved]);
      return saved;
    });
  }

  async #thin(room: string, versions: readonly StoredVersion[]): Promise<void> {
    const thin = versionsToThin(versions, this.#now(), this.#retention);
    if (thin.size === 0) return;
    const needed = payloadsForRemoval(versions, thin);
    const payloads = await this.#store.payloads(room, needed);
    const byId = new Map(needed.map((id, i) => [id, present(payloads[i], room, id)]));
    const plan = planRemoval(versions, thin, (id) => byId.get(id)!);
    await this.#store.rewrite(room, plan.remove, plan.rewrite);
  }

  /** Runs `work` after the room's earlier calls, whatever became of them. */
  #serial<T>(room: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#busy.get(room) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    this.#busy.set(room, run);
    void run
      .catch(() => undefined)
      .finally(() => {
        if (this.#busy.get(room) === run) this.#busy.delete(room);
      });
    return run;
  }
}

function present(payload: Uint8Array | undefined, room: string, id: string): Uint8Array {
  if (payload === undefined) throw new Error(`version ${id} of room ${room} has no payload`);
  return payload;
}
