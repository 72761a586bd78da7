/**
 * Tells a relay that refuses one of this page's changes from one that is merely unwell. A change
 * the relay refuses is refused again on every reconnect, because the next connection's sync step
 * 2 carries it again (and a reload too: the device's copy keeps it), so without this the page
 * looped forever, its badge at "Syncing", nothing it drew reaching anyone.
 *
 * Refused: a close with 1009 (frame too big) or 4413 (room full) after this page sent a document
 * update on that connection, or REFUSED_AFTER closes in a row with the same refusing code (1003
 * unsupported, 1007 content the relay will not store), each after sending one. Other closes are
 * the relay's trouble or passing limits, retried without end, and they reset the count: 1001
 * going away, 1006 lost, 1011 storage, 1013 try later, 4507 storage full, and 1008, which is
 * mostly a budget that refills (rates, a room's shared volume) rather than a verdict on a change.
 */
export const REFUSED_AFTER = 3;
export const TOO_BIG = 1009;
export const ROOM_FULL = 4413;
const REFUSED_AT_ONCE: ReadonlySet<number> = new Set([TOO_BIG, ROOM_FULL]);
const REFUSING_CODES: ReadonlySet<number> = new Set([1003, 1007, TOO_BIG, ROOM_FULL]);

export class RefusalWatch {
  #sentDocument = false;
  #lastCode: number | null = null;
  #inARow = 0;
  #refused: number | null = null;

  /** The close code of the refusal, once the relay is known to refuse a change; else null. */
  get refused(): number | null {
    return this.#refused;
  }

  /** A new socket: nothing sent on it yet. */
  opened(): void {
    this.#sentDocument = false;
  }

  /** A document update went out on the current socket. */
  sentDocument(): void {
    this.#sentDocument = true;
  }

  /** A change could not be sent at all (bigger than the relay takes): as good as refused. */
  refuse(code: number = TOO_BIG): void {
    this.#refused ??= code;
  }

  /** The socket closed with `code` (undefined: closed by this page). Returns `refused`. */
  closed(code: number | undefined): number | null {
    const afterSending = this.#sentDocument;
    this.#sentDocument = false;
    if (this.#refused !== null) return this.#refused;
    if (code === undefined || !REFUSING_CODES.has(code) || !afterSending) {
      this.#lastCode = null;
      this.#inARow = 0;
      return null;
    }
    this.#inARow = code === this.#lastCode ? this.#inARow + 1 : 1;
    this.#lastCode = code;
    if (REFUSED_AT_ONCE.has(code) || this.#inARow >= REFUSED_AFTER) this.#refused = code;
    return this.#refused;
  }
}
