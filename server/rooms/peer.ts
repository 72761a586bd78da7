import type { CloseReason } from '../protocol/close-reasons.ts';

/**
 * What a room needs of a connection. The transport implements it over `ws`; tests can implement
 * it in memory. `send` is guarded by the implementation: a peer that cannot keep up closes itself.
 */
export interface Peer {
  readonly id: number;
  send(frame: Uint8Array, kind: 'sync' | 'awareness'): void;
  /** Sends several frames in order, handed to the OS together where the transport can. */
  sendAll(frames: readonly Uint8Array[], kind: 'sync' | 'awareness'): void;
  close(reason: CloseReason): void;
}
