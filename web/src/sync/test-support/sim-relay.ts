/**
 * The relay's room (server/rooms/room.ts) and y-websocket's client side, in memory: the one
 * relay simulation web tests use, for documents and presence alike. Frames are real protocol
 * frames (sync and awareness); a client either queues them until the test delivers them, so a
 * test can stop anywhere between "sent", "stored" and "acknowledged", or drop a connection
 * with frames in flight ('queued'), or exchanges them as they are sent ('at-once').
 *
 * Relay, as the room does: on join sends sync step 1, then everyone's presence if anyone is
 * here; answers step 1 with step 2 from its document; stores each step 2 / update (here:
 * applies it to its document) and sends it, unchanged, to every peer, the sender included;
 * applies each awareness update and sends it on to the other peers, remembering which client
 * ids each connection announced; when a connection closes, removes those ids for everyone.
 *
 * Client, as y-websocket does: on connecting sends step 1 and its own presence; answers the
 * relay's step 1 with step 2; sends every local update and presence change while connected;
 * feeds every frame it receives to its ServerKnowledge before anything else, as the app's
 * socket listener does; when its socket closes, drops everyone else's presence.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import {
  applyAwarenessUpdate,
  Awareness,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '../../../../protocol/messages.ts';
import { ServerKnowledge } from '../server-knowledge.ts';

/** The origin of what a client receives from the relay, like the provider in the app. */
export const FROM_RELAY = Symbol('from-relay');

interface AwarenessChange {
  readonly added: number[];
  readonly updated: number[];
  readonly removed: number[];
}

export class SimRelay {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(new Y.Doc());
  /** Each connected client with the awareness client ids it has announced. */
  readonly #peers = new Map<SimClient, Set<number>>();

  constructor() {
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.#sendPresenceOn);
  }

  join(client: SimClient): void {
    this.#peers.set(client, new Set());
    client.deliver(frame((encoder) => syncProtocol.writeSyncStep1(encoder, this.doc)));
    const everyone = [...this.awareness.getStates().keys()];
    if (everyone.length > 0) client.deliver(awarenessFrame(this.awareness, everyone));
  }

  leave(client: SimClient): void {
    const announced = this.#peers.get(client);
    this.#peers.delete(client);
    if (announced && announced.size > 0) {
      removeAwarenessStates(this.awareness, [...announced], client);
    }
  }

  receive(client: SimClient, bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.awareness) {
      applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), client);
      return;
    }
    if (type !== MessageType.sync) return;
    const step = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (step === 0) {
      client.deliver(frame((encoder) => syncProtocol.writeSyncStep2(encoder, this.doc, payload)));
      return;
    }
    // An empty step 2 (nothing to add) is neither stored nor sent on, as the relay does.
    if (payload.length === 2 && payload[0] === 0 && payload[1] === 0) return;
    // Stored, applied, then broadcast to everyone, the sender too.
    Y.applyUpdate(this.doc, payload);
    const update = frame((encoder) => syncProtocol.writeUpdate(encoder, payload));
    for (const peer of this.#peers.keys()) peer.deliver(update);
  }

  /** Every client leaves; the relay forgets everyone. */
  destroy(): void {
    for (const client of [...this.#peers.keys()]) client.disconnect();
    this.awareness.destroy();
  }

  readonly #sendPresenceOn = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
    const announced = this.#peers.get(origin as SimClient);
    if (announced) {
      for (const id of [...added, ...updated]) announced.add(id);
      for (const id of removed) announced.delete(id);
    }
    // The sender would ignore its own state coming back (same clock): it is left out.
    const update = awarenessFrame(this.awareness, [...added, ...updated, ...removed]);
    for (const peer of this.#peers.keys()) if (peer !== origin) peer.deliver(update);
  };
}

export interface SimClientOptions {
  /** A new document unless given. */
  readonly doc?: Y.Doc;
  /** Unless given, one on the client's document with no state: a client without presence. */
  readonly awareness?: Awareness;
  /** 'queued' (default): frames wait for `send` / `receive`; 'at-once': exchanged as sent. */
  readonly delivery?: 'queued' | 'at-once';
}

export class SimClient {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly knowledge = new ServerKnowledge();
  /** Frames the relay has sent this client and it has not read yet. */
  readonly inbox: Uint8Array[] = [];
  /** Frames this client has sent and the relay has not read yet. */
  readonly outbox: Uint8Array[] = [];
  readonly #atOnce: boolean;
  #relay: SimRelay | null = null;
  #exchanging = false;

  constructor(options: SimClientOptions = {}) {
    this.doc = options.doc ?? options.awareness?.doc ?? new Y.Doc();
    this.awareness = options.awareness ?? withoutPresence(new Awareness(this.doc));
    this.#atOnce = options.delivery === 'at-once';
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_RELAY || this.#relay === null) return;
      this.#send(frame((encoder) => syncProtocol.writeUpdate(encoder, update)));
    });
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (origin === FROM_RELAY || this.#relay === null) return;
      this.#send(awarenessFrame(this.awareness, [...added, ...updated, ...removed]));
    });
  }

  get connected(): boolean {
    return this.#relay !== null;
  }

  connect(relay: SimRelay): void {
    if (this.#relay) throw new Error('already connected');
    this.#relay = relay;
    this.knowledge.connectionOpened();
    relay.join(this);
    this.#send(frame((encoder) => syncProtocol.writeSyncStep1(encoder, this.doc)));
    // y-websocket announces the local state on open, with its current clock.
    if (this.awareness.getLocalState() !== null) {
      this.#send(awarenessFrame(this.awareness, [this.awareness.clientID]));
    }
  }

  /** The socket drops: whatever is still in flight, either way, is lost. */
  disconnect(): void {
    const relay = this.#relay;
    this.#relay = null;
    this.inbox.length = 0;
    this.outbox.length = 0;
    relay?.leave(this);
    this.knowledge.connectionClosed();
    const others = [...this.awareness.getStates().keys()].filter(
      (id) => id !== this.awareness.clientID,
    );
    if (others.length > 0) removeAwarenessStates(this.awareness, others, FROM_RELAY);
  }

  /** A frame from the relay arrives at this client's socket. */
  deliver(bytes: Uint8Array): void {
    this.inbox.push(bytes);
    if (this.#atOnce) this.settle();
  }

  /** The relay reads up to `count` of this client's frames. */
  send(count = Infinity): void {
    const relay = this.#relay;
    if (!relay) throw new Error('not connected');
    for (let i = 0; i < count && this.outbox.length > 0; i++) {
      relay.receive(this, this.outbox.shift()!);
    }
  }

  /** This client reads up to `count` of the relay's frames. */
  receive(count = Infinity): void {
    for (let i = 0; i < count && this.inbox.length > 0; i++) this.#read(this.inbox.shift()!);
  }

  /** Exchanges frames both ways until nothing is left in flight. */
  settle(): void {
    // A frame delivered while exchanging joins the loop below rather than nesting another.
    if (this.#exchanging) return;
    this.#exchanging = true;
    try {
      while (this.connected && (this.inbox.length > 0 || this.outbox.length > 0)) {
        this.send();
        this.receive();
      }
    } finally {
      this.#exchanging = false;
    }
  }

  /**
   * The page is reloaded: a new document (a new client id, random unless given) from the
   * device's copy, and the knowledge read back from the device's bytes. The old client goes
   * away.
   */
  reload(clientID?: number): SimClient {
    this.disconnect();
    const doc = new Y.Doc();
    if (clientID !== undefined) doc.clientID = clientID;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.doc));
    const next = new SimClient({ doc, delivery: this.#atOnce ? 'at-once' : 'queued' });
    const remembered = ServerKnowledge.decode(this.knowledge.encode());
    if (!remembered) throw new Error('knowledge did not round-trip');
    next.knowledge.merge(remembered);
    return next;
  }

  /** Stops the awareness's own timer; the client must be disconnected first. */
  destroy(): void {
    if (this.connected) this.disconnect();
    this.awareness.destroy();
  }

  #send(bytes: Uint8Array): void {
    this.outbox.push(bytes);
    if (this.#atOnce) this.settle();
  }

  #read(bytes: Uint8Array): void {
    this.knowledge.receive(bytes);
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.awareness) {
      applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), FROM_RELAY);
      return;
    }
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MessageType.sync);
    syncProtocol.readSyncMessage(decoder, reply, this.doc, FROM_RELAY);
    if (encoding.length(reply) > 1) this.outbox.push(encoding.toUint8Array(reply));
  }
}

function withoutPresence(awareness: Awareness): Awareness {
  awareness.setLocalState(null);
  return awareness;
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function awarenessFrame(awareness: Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}
