import type { AuthorBinding } from '../authors/author-store.ts';
import type { LogPosition } from '../storage/doc-store.ts';
import type { SharedFrames } from './shared-frames.ts';

/**
 * What leaves one instance of a room for the other instances of the same room (other processes,
 * once there are several: issue 12). Updates go out once stored, by the instance that accepted
 * and stored them; a receiver applies and relays them, and never stores them again.
 */
export type RoomMessage =
  | {
      readonly type: 'updates';
      /** Stored by the publisher, in the log up to `end`. */
      readonly updates: readonly Uint8Array[];
      readonly end: LogPosition;
      /**
       * The same updates as sync messages, handed to every local peer as one SharedFrames so each
       * socket writes bytes framed once. A transport that carries bytes makes its own on arrival.
       */
      readonly frames: SharedFrames;
      /**
       * Client ids these updates bound to their authors (stored before them): the other
       * instances learn them here, as they loaded the earlier ones with the room.
       */
      readonly bindings?: readonly AuthorBinding[];
    }
  | {
      /** Presence changes, as the awareness frames the publisher's own peers got. */
      readonly type: 'presence';
      readonly frames: SharedFrames;
    };

/** One room instance's way out to the other instances of its room, and in from them. */
export interface RoomFanout {
  /** Delivers `message` to every other instance of the room; never back to this one. */
  publish(message: RoomMessage): void;
  /**
   * Hears what the other instances publish, updates in the order the store positioned them: a
   * room folds its log up to the end of the last batch it applied, which is only safe when every
   * batch before it has arrived. (In process, appends resolve in the order the store numbered
   * them, and publishing follows at once.) One handler at a time (a later call replaces it), and
   * it must not throw: it is its own error boundary.
   */
  onRemote(handler: (message: RoomMessage) => void): void;
  /**
   * The room's load read its log up to `end`: updates from there on are what it must hear. Called
   * once, after the load. A bus whose updates travel in the log itself (Redis: the room's stream)
   * starts reading there; one that forwards what is published ignores it (the room drops what its
   * load held already, by `end`).
   */
  readFrom(end: LogPosition): void;
  /**
   * This instance appended updates that end at `end`: resolves once every update of the other
   * instances below it has been handed to onRemote, so the room applies its own and theirs in the
   * log's order and never folds past an update it has not applied. Null when that holds already
   * (in process it always does: appends resolve in the order the store numbered them). Rejects
   * when the bus cannot tell in time (its transport is unreachable).
   */
  ordered(end: LogPosition): Promise<void> | null;
  /**
   * Where this instance's own peers' presence comes from when another instance that has just
   * opened the room asks for it: without an answer, that instance would see each cursor here
   * only at its client's next renewal, up to 15 s later. `own` returns null for nothing to send.
   * A bus on which every instance hears every change as it happens (in process) never asks.
   */
  answerPresenceWith(own: () => SharedFrames | null): void;
  /** This instance is going: nothing more in or out. */
  close(): void;
}

/** Where the instances of each room meet. */
export interface FanoutBus {
  /** Joins the instances of `room`; before loading it, so nothing published meanwhile is missed. */
  join(room: string): RoomFanout;
}
