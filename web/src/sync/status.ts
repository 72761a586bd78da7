import { unreachable } from '../unreachable.ts';

/**
 * The link to the relay (the badge's `data-status`; its words come from save-state.ts). Kept as
 * one explicit state rather than the provider's separate `wsconnected` / `synced` flags, so
 * impossible mixes cannot be displayed.
 *
 * - connecting: the first attempt is under way.
 * - connected:  the socket is open but the relay has not yet answered our state vector.
 * - synced:     local and relay documents have exchanged everything; edits now round-trip.
 * - offline:    a socket closed or never opened; retries go on in the background (reconnect.ts).
 */
export const CONNECTION_STATUSES = ['connecting', 'connected', 'synced', 'offline'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** Provider events, reduced to what changes the status. */
export type ConnectionEvent =
  | { readonly type: 'attempt' }
  | { readonly type: 'open' }
  | { readonly type: 'sync'; readonly synced: boolean }
  | { readonly type: 'close' };

export function nextStatus(current: ConnectionStatus, event: ConnectionEvent): ConnectionStatus {
  switch (event.type) {
    case 'attempt':
      // While the relay is down the provider retries every 2.5 s at most; flipping the badge
      // to "connecting" on each retry would make it flicker without telling the user anything.
      return current === 'offline' ? 'offline' : 'connecting';
    case 'open':
      return 'connected';
    case 'sync':
      if (event.synced) return 'synced';
      return current === 'synced' ? 'connected' : current;
    case 'close':
      return 'offline';
    default:
      return unreachable('connection event', event);
  }
}
