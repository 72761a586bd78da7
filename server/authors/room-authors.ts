/**
 * One room's authors in memory: each bound Yjs client id with the identity key that first wrote
 * under it, loaded with the room (AuthorStore.load) and grown as identities write under new ids.
 *
 * The rule (issue 11, "Authorship of document changes"): Yjs names every change by (client id,
 * clock) and drops a second struct with an id it has, so whoever writes first under an id decides
 * what that id's clocks hold. A peer writing under a user's client id while the user is offline
 * makes the user's own offline strokes vanish as duplicates. So:
 *   - an identity may add structs under ids it holds, or that nobody holds (they become its own);
 *   - an anonymous connection (no credential that names anyone) may add structs only under ids
 *     nobody holds, and they stay unbound: nothing would tell its next session from anyone else;
 *   - adding under an id another identity holds is refused whole (4409 client_owned).
 * Deleting is not authorship: any editor may delete anyone's strokes.
 *
 * Past MAX_BOUND_CLIENTS_PER_ROOM bound ids, new ids are left unbound (counted in
 * relay_author_bindings_skipped_total). Every page load of the app is a new client id, so a busy
 * long-lived room keeps collecting them; each costs this map ~50 bytes and the room's load one
 * record to read (measured: 10,000 bindings take ~35 ms to read from LevelDB and ~5 ms to map,
 * 46 bytes of heap each; a room without any costs one empty range read, ~0.5 ms). Refusing new ids instead would lock every newcomer out of a full room, and an
 * unbound id is only as exposed as every id was before authorship existed: a peer can still
 * write under it, but only while it knows the id and the owner has not written there first.
 */
import type { Identity } from '../access/identity.ts';
import { CloseReason, RefusedError } from '../protocol/close-reasons.ts';
import type { AuthorBinding } from './author-store.ts';

/** Bound client ids one room keeps at most; ids beyond it stay unbound (see above). */
export const MAX_BOUND_CLIENTS_PER_ROOM = 10_000;

/** What an update may do under the client ids it adds structs to. */
export interface AuthorClaim {
  /** Ids the writer now holds: to be stored before the update is, then remembered. */
  readonly bindings: readonly AuthorBinding[];
  /** New ids left unbound because the room holds MAX_BOUND_CLIENTS_PER_ROOM already. */
  readonly skipped: number;
}

const NOTHING_CLAIMED: AuthorClaim = Object.freeze({ bindings: Object.freeze([]), skipped: 0 });

export class RoomAuthors {
  readonly #owners = new Map<number, string>();
  /** One string per distinct key, so ten thousand ids of one person hold one copy of it. */
  readonly #keys = new Map<string, string>();
  readonly #cap: number;

  constructor(bindings: readonly AuthorBinding[] = [], cap = MAX_BOUND_CLIENTS_PER_ROOM) {
    this.#cap = cap;
    this.bind(bindings);
  }

  get size(): number {
    return this.#owners.size;
  }

  /** The identity key holding `client`, or undefined while nobody does. */
  ownerOf(client: number): string | undefined {
    return this.#owners.get(client);
  }

  /**
   * Whether `writer` may add structs under `clients`, and what it would bind by doing so.
   * Throws RefusedError (4409 client_owned) when one of them is held by another identity, or
   * by any identity for an anonymous writer. Changes nothing: `bind` records the claim once the
   * update is accepted.
   */
  claim(identity: Identity | null, clients: Iterable<number>): AuthorClaim {
    // A token without a subject vouches for a name but names no author: anonymous here.
    const writer = identity?.key ?? null;
    let bindings: AuthorBinding[] | null = null;
    let skipped = 0;
    for (const client of clients) {
      const owner = this.#owners.get(client);
      if (owner !== undefined) {
        if (owner === writer) continue;
        throw new RefusedError(
          CloseReason.clientOwned,
          writer !== null
            ? `update adds to Yjs client id ${client}, which another identity wrote first`
            : `an anonymous connection's update adds to Yjs client id ${client}, which an identity holds`,
        );
      }
      if (writer === null) continue;
      if (this.#owners.size + (bindings?.length ?? 0) >= this.#cap) {
        skipped++;
        continue;
      }
      (bindings ??= []).push({ client, key: writer });
    }
    return bindings === null && skipped === 0
      ? NOTHING_CLAIMED
      : { bindings: bindings ?? [], skipped };
  }

  /** Remembers `bindings`: claimed by an accepted update, or loaded from the store. */
  bind(bindings: readonly AuthorBinding[]): void {
    for (const { client, key } of bindings) {
      let shared = this.#keys.get(key);
      if (shared === undefined) this.#keys.set(key, (shared = key));
      this.#owners.set(client, shared);
    }
  }
}
