import { CloseReason } from '../../protocol/close-reasons.ts';

/** The close reasons are part of the contract with clients: protocol/close-reasons.ts. */
export { CloseReason };

/**
 * A message that is well formed but refused by a limit or a policy: the connection is closed with
 * `reason`. Thrown by pure code and by rooms; the transport closes only the sender.
 */
export class RefusedError extends Error {
  override name = 'RefusedError';
  constructor(
    readonly reason: CloseReason,
    message: string,
  ) {
    super(message);
  }
}
