import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { CloseReason } from '../protocol/close-reasons.ts';
import {
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from '../protocol/messages.ts';
import { FULL_ACCESS, type Access } from '../access/access.ts';
import type { Identity } from '../access/identity.ts';
import type { Peer } from '../rooms/peer.ts';
import type { FrameKind, SharedFrames } from '../rooms/shared-frames.ts';

/** What a room needs of the room side of a pair: Room's public API, as the connection uses it. */
export interface PeerTarget {
  join(peer: Peer): void;
  receive(peer: Peer, message: ReturnType<typeof decodeClientMessage>): void;
  leave(peer: Peer): void;
}

export interface SentFrame {
  readonly frame: Uint8Array;
  readonly kind: FrameKind;
}

/**
 * The room's end of an in-memory connection. What the room sends waits in `outbox` until the
 * pair flushes it, so a test decides when each side hears the other. New Peer fields (the
 * access a connection was granted, say) get their test default here, in one place.
 */
export class MemoryPeer implements Peer {
  readonly id: number;
  readonly access: Access;
  readonly identity: Identity | null;
  readonly outbox: SentFrame[] = [];
  /** Every frame this peer was sent, delivered or not, for tests that count frames. */
  readonly sent: SentFrame[] = [];
  #closedWith: CloseReason | null = null;

  constructor(id: number, access: Access = FULL_ACCESS, identity: Identity | null = null) {
    this.id = id;
    this.access = access;
    this.identity = identity;
  }

  get closedWith(): CloseReason | null {
    return this.#closedWith;
  }

  send(frames: SharedFrames): void {
    // A closing connection sends nothing more, as the transport's guarded send does.
    if (this.#closedWith) return;
    for (const frame of frames.messages) {
      this.outbox.push({ frame, kind: frames.kind });
      this.sent.push({ frame, kind: frames.kind });
    }
  }

  close(reason: CloseReason): void {
    this.#closedWith ??= reason;
  }
}

let nextPeerId = 1;

/** Who is on the client side: a stock client (its own state, to reconnect one), or a bare socket. */
export interface ClientState {
  readonly doc?: Y.Doc;
  readonly awareness?: awarenessProtocol.Awareness;
  /**
   * A bare socket, as a hostile client holds: it sends only the frames the test sends, and keeps
   * what it hears in `received` without answering.
   */
  readonly bare?: boolean;
  /** Who the connection speaks for (access/identity.ts); anonymous by default. */
  readonly identity?: Identity | null;
}

/**
 * A client and the room's peer for it, joined in memory: tldraw's TestSocketPair idea. Nothing
 * moves until the test flushes a direction, so every interleaving is chosen, not raced. The
 * client side speaks as the stock y-websocket client does: it opens with its state vector (and
 * its presence, if set), answers a step 1 with a step 2, and sends its own changes as updates.
 */
export class PeerPair {
  readonly name: string;
  readonly peer: MemoryPeer;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  /** Whether a step 2 from the room has been applied: the client holds what the room held. */
  synced = false;
  /** What a bare client heard, in order. */
  readonly received: Uint8Array[] = [];
  readonly #bare: boolean;
  readonly #room: PeerTarget;
  readonly #toRoom: Uint8Array[] = [];
  #state: 'open' | 'detached' | 'left' = 'open';
  readonly #onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin !== this) this.send(encodeSyncUpdate(update));
  };
  /** Every change, remote ones too: the stock client echoes what it applied, and rooms must cope. */
  readonly #onAwarenessUpdate = ({
    added,
    updated,
    removed,
  }: {
    added: number[];
    updated: number[];
    removed: number[];
  }): void => {
    const changed = [...added, ...updated, ...removed];
    this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)));
  };

  /** Joins the room at once; the client's opening frames wait for the next flush to the room. */
  constructor(room: PeerTarget, name: string, client: ClientState = {}) {
    this.name = name;
    this.#room = room;
    this.peer = new MemoryPeer(nextPeerId++, FULL_ACCESS, client.identity ?? null);
    const doc = client.doc ?? new Y.Doc();
    this.doc = doc;
    // An empty local state to begin with, as y-websocket's client has.
    this.awareness = client.awareness ?? new awarenessProtocol.Awareness(doc);
    this.#bare = client.bare ?? false;
    room.join(this.peer);
    if (this.#bare) return;
    doc.on('update', this.#onDocUpdate);
    this.awareness.on('update', this.#onAwarenessUpdate);
    this.send(encodeSyncStep1(Y.encodeStateVector(doc)));
    if (this.awareness.getLocalState() !== null) {
      const own = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [doc.clientID]);
      this.send(encodeAwareness(own));
    }
  }

  get open(): boolean {
    return this.#state === 'open' && this.peer.closedWith === null;
  }

  /** Queues a frame for the room, as a client writing to its socket: hand-made ones too. */
  send(frame: Uint8Array): void {
    if (this.open) this.#toRoom.push(frame);
  }

  /** Frames waiting in either direction. */
  get pending(): number {
    return this.#toRoom.length + this.peer.outbox.length;
  }

  /**
   * Delivers what the client sent, in order, decoded as the connection decodes it. What the room
   * throws (a refusal, a malformed frame) is thrown here, after the pair has left the room and
   * dropped the rest, as the connection closes its socket.
   */
  flushToRoom(): void {
    const frames = this.#toRoom.splice(0);
    for (const frame of frames) {
      if (!this.open) return;
      try {
        this.#room.receive(this.peer, decodeClientMessage(frame));
      } catch (error) {
        this.leave();
        throw error;
      }
    }
  }

  /** Delivers what the room sent; a close the room asked for ends the pair (the socket closes). */
  flushToClient(): void {
    const frames = this.peer.outbox.splice(0);
    if (this.#state === 'open') for (const { frame } of frames) this.#hear(frame);
    if (this.peer.closedWith && this.#state !== 'left') this.leave();
  }

  #hear(frame: Uint8Array): void {
    if (this.#bare) {
      this.received.push(frame);
      return;
    }
    const message = decodeClientMessage(frame);
    switch (message.type) {
      case 'sync-step1':
        this.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)));
        return;
      case 'sync-step2':
        Y.applyUpdate(this.doc, message.update, this);
        this.synced = true;
        return;
      case 'sync-update':
        Y.applyUpdate(this.doc, message.update, this);
        return;
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, this);
        return;
      case 'query-awareness':
        throw new Error('a room never asks a client for its presence');
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled message ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /**
   * The client gives up on this connection without the room noticing (a network hiccup): it
   * sends and hears nothing more here, while the room still counts the peer until `leave`.
   */
  detach(): void {
    if (this.#state !== 'open') return;
    this.#state = 'detached';
    this.#unhook();
    this.#toRoom.length = 0;
  }

  /** The connection ends (closed by either side, or lost): the room lets go of the peer. */
  leave(): void {
    if (this.#state === 'left') return;
    this.#state = 'left';
    this.#unhook();
    this.#toRoom.length = 0;
    this.peer.outbox.length = 0;
    this.#room.leave(this.peer);
  }

  /** Leaves, and releases the client's document and presence (its timers included). */
  destroy(): void {
    this.leave();
    this.awareness.destroy();
    this.doc.destroy();
  }

  #unhook(): void {
    this.doc.off('update', this.#onDocUpdate);
    this.awareness.off('update', this.#onAwarenessUpdate);
  }
}
