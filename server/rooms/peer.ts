import type { Access } from '../access/access.ts';
import type { Identity } from '../access/identity.ts';
import type { CloseReason } from '../protocol/close-reasons.ts';
import type { SharedFrames } from './shared-frames.ts';

/**
 * What a room needs of a connection. The transport implements it over `ws`; tests can implement
 * it in memory. `send` is guarded by the implementation: a peer that cannot keep up closes itself.
 */
export interface Peer {
  readonly id: number;
  /**
   * What this peer may do besides reading, decided once when it was admitted. The transport
   * refuses what it lacks before the room sees it (see access/message-gate.ts).
   */
  readonly access: Access;
  /**
   * Who this peer speaks for, decided with its access (access/identity.ts); null when anonymous.
   * Its key owns the Yjs client ids it writes under first; its name and color are stamped into
   * its presence.
   */
  readonly identity: Identity | null;
  /**
   * Sends the messages in order, handed to the OS together where the transport can. The same
   * SharedFrames goes to every peer of a broadcast, so it is framed once (see shared-frames.ts).
   */
  send(frames: SharedFrames): void;
  close(reason: CloseReason): void;
}
