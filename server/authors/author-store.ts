/**
 * Where the authors of a room's Yjs client ids live: which identity key (access/identity.ts)
 * first wrote under each client id. Every implementation passes author-store.contract.ts.
 *
 * A binding is stored before the first update written under its client id is appended to the
 * room's log (rooms/write-pipeline.ts), so a crash never leaves a stored struct whose owner is
 * forgotten: after a restart, the id still belongs to whoever wrote it.
 */
export interface AuthorBinding {
  /** A Yjs client id: an unsigned integer (Yjs draws 32 random bits). */
  readonly client: number;
  /** The identity key that first wrote under `client`. */
  readonly key: string;
}

export interface AuthorStore {
  /** Every binding of `room`'s client ids, in no particular order; none for an unknown room. */
  load(room: string): Promise<AuthorBinding[]>;
  /**
   * Stores `bindings` for `room`, atomically: all or none. The room binds only client ids it
   * holds no binding for (one room instance per process decides), so the store need not
   * re-check: a binding is never changed once made. Rejects when storage fails.
   */
  bind(room: string, bindings: readonly AuthorBinding[]): Promise<void>;
}

/** Whether `client` can be a Yjs client id: what a store accepts as one. */
export const isClientId = (client: number): boolean => Number.isSafeInteger(client) && client >= 0;
