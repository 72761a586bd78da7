/**
 * A ticket the relay refuses at connect (4401 ticket_invalid: unknown, used or expired) is most
 * likely one that took too long to reach it, or a relay that restarted and forgot it: the page
 * asks for a fresh one and tries again, at most TICKET_RETRIES times in a row, then treats the
 * room as denied rather than loop. A connection that syncs starts the count afresh.
 *
 * 4401 also means "no such link" and "this server needs a credential": the reason text tells
 * them apart (protocol/close-reasons.ts), since they share the code.
 */
import { CloseReason } from '../../../protocol/close-reasons.ts';

export const TICKET_RETRIES = 3;

/** What a close says about this page's access, beyond what CLOSE_HANDLING decides by code. */
export type AccessClose = 'ticket-refused' | 'credential-missing' | 'other';

export function accessCloseOf(code: number | undefined, reason: string | undefined): AccessClose {
  if (code === CloseReason.ticketInvalid.code && reason === CloseReason.ticketInvalid.reason)
    return 'ticket-refused';
  if (
    code === CloseReason.credentialMissing.code &&
    reason === CloseReason.credentialMissing.reason
  )
    return 'credential-missing';
  return 'other';
}

export class TicketRetries {
  #inARow = 0;

  /** A ticket was refused: whether to try again with a fresh one. */
  refused(): boolean {
    this.#inARow++;
    return this.#inARow <= TICKET_RETRIES;
  }

  /** The relay took the connection and synced it. */
  synced(): void {
    this.#inARow = 0;
  }
}
