/**
 * The one place that decides whether a connection's message may reach its room, by what the
 * message would change and what the connection's access grants. The transport asks it for every
 * decoded message before anything else looks at the message (storage budget, the room's load
 * queue, the room), so a write without the right capability costs nothing past decoding.
 *
 * A refused message is dropped, and the connection stays open. Closing it (1008, say) would not
 * stop anything: a stock y-websocket client reconnects after every close and, on every connect,
 * answers the server's step 1 with a step 2 holding the very change that was refused, so a viewer
 * holding one local edit would loop forever. Dropping is what the peers do (y-sweet, Hocuspocus:
 * see PROTOCOL.md, "Read-only connections") and what view links (issue 11) ask for.
 */
import type { ClientMessage } from '../protocol/messages.ts';
import { isEmptyUpdate } from '../rooms/validate-update.ts';
import { Capability, type Access } from './access.ts';

export type Verdict =
  | { readonly kind: 'deliver' }
  /**
   * `echo`: send the frame back to its sender alone. A stock client closes its socket after 30 s
   * without a message (WebSocket pings do not count) and renews its presence every 15 s; the echo
   * of that renewal is what keeps a viewer in a quiet room connected, as it does for everyone
   * else. Its own state at its own clock is a no-op for the client, and nobody else sees it.
   */
  | { readonly kind: 'drop'; readonly missing: Capability; readonly echo: boolean };

const DELIVER: Verdict = { kind: 'deliver' };
const DROP_DOC_WRITE: Verdict = { kind: 'drop', missing: Capability.docWrite, echo: false };
const DROP_PRESENCE: Verdict = { kind: 'drop', missing: Capability.presenceWrite, echo: true };

/** The capability `message` needs beyond reading, or null when it changes nothing. */
export function capabilityNeeded(message: ClientMessage): Capability | null {
  switch (message.type) {
    case 'sync-step1':
    case 'query-awareness':
      return null;
    case 'sync-step2':
    case 'sync-update':
      // Every client answers the server's step 1 with a step 2, empty when it has nothing new:
      // that is reading, and refusing it would make every viewer's connect look like a write.
      return isEmptyUpdate(message.update) ? null : Capability.docWrite;
    case 'awareness':
      return Capability.presenceWrite;
    default: {
      const unreachable: never = message;
      throw new Error(`unhandled message ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Whether a connection holding `access` may have `message` delivered to its room. */
export function gate(access: Access, message: ClientMessage): Verdict {
  const needed = capabilityNeeded(message);
  if (needed === null || access.has(needed)) return DELIVER;
  return needed === Capability.docWrite ? DROP_DOC_WRITE : DROP_PRESENCE;
}
