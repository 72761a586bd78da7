/**
 * A small table of records kept beside the rooms, in the same database: one folder, one lock,
 * one health (/readyz), one recovery after a failed write, one DATA_DIR budget. Keys are made of
 * [A-Za-z0-9_!-]; values are bytes.
 */
export interface KeyedTable {
  get(key: string): Promise<Uint8Array | undefined>;
  /**
   * Writes every entry and deletes every key of `remove`, atomically. Rejects when storage
   * fails, and then wrote none.
   */
  put(
    entries: readonly { readonly key: string; readonly value: Uint8Array }[],
    remove?: readonly string[],
  ): Promise<void>;
  /** The values of every key that starts with `prefix`, in key order. */
  valuesFrom(prefix: string): Promise<Uint8Array[]>;
}
