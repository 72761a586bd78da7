/**
 * Tells a relay that refuses one of this page's changes from one that is merely unwell. A change
 * the relay refuses is refused again on every reconnect, because the next connection's sync step
 * 2 carries it again (and a reload too: the device's copy keeps it), so without this the page
 * looped forever, its badge at "Syncing", nothing it drew reaching anyone.
 *
 * What each close code the relay can send means here is CLOSE_HANDLING; a close after this page
 * sent no document update on that connection is never a refusal.
 */
import { CloseReason, type ServerCloseCode } from '../../../protocol/close-reasons.ts';

export const REFUSED_AFTER = 3;
export const TOO_BIG = CloseReason.tooLarge.code;
export const ROOM_FULL = CloseReason.roomFull.code;

/**
 * - refused: the change itself is refused, and would be on every try;
 * - refused-if-repeated: refused, once REFUSED_AFTER closes in a row have this same code;
 * - retry: the relay's trouble or a passing limit, retried without end; resets the count;
 * - denied: this page may not be in the room at all (an unknown, revoked or expired link):
 *   final whatever was sent, since every reconnect would be refused the same way.
 */
export type CloseHandling = 'refused' | 'refused-if-repeated' | 'retry' | 'denied';

/**
 * Every code the relay can send (protocol/close-reasons.ts), so that a code added there fails
 * the typecheck here until it is decided. Codes the browser makes up itself (1006 lost, 1005 no
 * status) are retried.
 */
export const CLOSE_HANDLING: Readonly<Record<ServerCloseCode, CloseHandling>> = {
  1001: 'retry', // going away: the relay is shutting down
  1002: 'retry', // a frame broke RFC 6455: the browser's doing, not this change's
  // unsupported message, or content the relay will not store: refused if it keeps happening,
  // since a change another page made (and this one forwards) can be the cause once
  1003: 'refused-if-repeated',
  1007: 'refused-if-repeated',
  // mostly a budget that refills (rates, a room's shared volume), not a verdict on a change
  1008: 'retry',
  1009: 'refused', // a frame bigger than the relay takes: it will always be
  1011: 'retry', // storage failed or an internal error
  1013: 'retry', // try again later: storage recovering, a backlog
  4507: 'retry', // the server's disk is full: fixed by its operator, not by this page
  4413: 'refused', // storing the change would take the room over its limit
  4401: 'denied', // no such link
  4403: 'denied', // the link was revoked or has expired
  // the change writes under a Yjs client id another person's device wrote first: it always will
  4409: 'refused',
};

/** Whether `code` says this page may not be in the room at all (a link that no longer works). */
export function isDenial(code: number | null): boolean {
  return code !== null && handlingOf(code) === 'denied';
}

function handlingOf(code: number): CloseHandling {
  return isServerCloseCode(code) ? CLOSE_HANDLING[code] : 'retry';
}

function isServerCloseCode(code: number): code is ServerCloseCode {
  return Object.hasOwn(CLOSE_HANDLING, code);
}

export class RefusalWatch {
  #sentDocument = false;
  #lastCode: number | null = null;
  #inARow = 0;
  #refused: number | null = null;

  /** The close code of the refusal, once the relay is known to refuse a change; else null. */
  get refused(): number | null {
    return this.#refused;
  }

  /** Whether the relay said this page may not be in the room at all (4401, 4403): stop trying. */
  get denied(): boolean {
    return this.#refused !== null && handlingOf(this.#refused) === 'denied';
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
    const handling = code === undefined ? 'retry' : handlingOf(code);
    if (code !== undefined && handling === 'denied') {
      this.#refused = code;
      return code;
    }
    if (code === undefined || handling === 'retry' || !afterSending) {
      this.#lastCode = null;
      this.#inARow = 0;
      return null;
    }
    this.#inARow = code === this.#lastCode ? this.#inARow + 1 : 1;
    this.#lastCode = code;
    if (handling === 'refused' || this.#inARow >= REFUSED_AFTER) this.#refused = code;
    return this.#refused;
  }
}
