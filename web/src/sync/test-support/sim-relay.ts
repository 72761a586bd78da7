/**
 * The relay's document handling (server/rooms/room.ts) and y-websocket's client side, in memory,
 * with every frame queued until a test delivers it: so a test can stop at any point between
 * "sent", "stored" and "acknowledged", or drop a connection with frames still in flight.
 *
 * Relay: on join sends sync step 1; answers step 1 with step 2 from its document; stores each
 * step 2 / update (here: applies it to its document) and then sends it, unchanged, to every peer,
 * the sender included.
 * Client: on connecting sends step 1; answers the relay's step 1 with step 2 (as y-protocols
 * does); sends every local update while connected; feeds every frame it receives to its
 * ServerKnowledge before nothing else, exactly as the app's socket listener does.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '../../../../protocol/messages.ts';
import { ServerKnowledge } from '../server-knowledge.ts';

/** The origin of updates a client receives from the relay, like the provider in the app. */
export const FROM_RELAY = Symbol('from-relay');

export class SimRelay {
  readonly doc = new Y.Doc();
  readonly #peers = new Set<SimClient>();

  join(client: SimClient): void {
    this.#peers.add(client);
    client.inbox.push(frame((encoder) => syncProtocol.writeSyncStep1(encoder, this.doc)));
  }

  leave(client: SimClient): void {
    this.#peers.delete(client);
  }

  receive(client: SimClient, bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== MessageType.sync) return;
    const step = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (step === 0) {
      const reply = frame((encoder) => syncProtocol.writeSyncStep2(encoder, this.doc, payload));
      client.inbox.push(reply);
      return;
    }
    // An empty step 2 (nothing to add) is neither stored nor sent on, as the relay does.
    if (payload.length === 2 && payload[0] === 0 && payload[1] === 0) return;
    // Stored, applied, then broadcast to everyone, the sender too.
    Y.applyUpdate(this.doc, payload);
    const update = frame((encoder) => syncProtocol.writeUpdate(encoder, payload));
    for (const peer of this.#peers) peer.inbox.push(update);
  }
}

export class SimClient {
  readonly doc: Y.Doc;
  readonly knowledge = new ServerKnowledge();
  /** Frames the relay has sent this client and it has not read yet. */
  readonly inbox: Uint8Array[] = [];
  /** Frames this client has sent and the relay has not read yet. */
  readonly outbox: Uint8Array[] = [];
  #relay: SimRelay | null = null;

  constructor(doc: Y.Doc = new Y.Doc()) {
    this.doc = doc;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_RELAY || this.#relay === null) return;
      this.outbox.push(frame((encoder) => syncProtocol.writeUpdate(encoder, update)));
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
    this.outbox.push(frame((encoder) => syncProtocol.writeSyncStep1(encoder, this.doc)));
  }

  /** The socket drops: whatever is still in flight, either way, is lost. */
  disconnect(): void {
    this.#relay?.leave(this);
    this.#relay = null;
    this.inbox.length = 0;
    this.outbox.length = 0;
    this.knowledge.connectionClosed();
  }

  /** The relay reads up to `count` of this client's frames. */
  send(count = Infinity): void {
    const relay = this.#relay;
    if (!relay) throw new Error('not connected');
    for (let i = 0; i < count && this.outbox.length > 0; i++)
      relay.receive(this, this.outbox.shift()!);
  }

  /** This client reads up to `count` of the relay's frames. */
  receive(count = Infinity): void {
    for (let i = 0; i < count && this.inbox.length > 0; i++) {
      const bytes = this.inbox.shift()!;
      this.knowledge.receive(bytes);
      const decoder = decoding.createDecoder(bytes);
      decoding.readVarUint(decoder); // message type: always sync here
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MessageType.sync);
      syncProtocol.readSyncMessage(decoder, reply, this.doc, FROM_RELAY);
      if (encoding.length(reply) > 1) this.outbox.push(encoding.toUint8Array(reply));
    }
  }

  /** Exchanges frames both ways until nothing is left in flight. */
  settle(): void {
    while (this.connected && (this.inbox.length > 0 || this.outbox.length > 0)) {
      this.send();
      this.receive();
    }
  }

  /**
   * The page is reloaded: a new document (a new client id, random unless given) from the device's copy, and the
   * knowledge read back from the device's bytes. The old client goes away.
   */
  reload(clientID?: number): SimClient {
    this.disconnect();
    const doc = new Y.Doc();
    if (clientID !== undefined) doc.clientID = clientID;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.doc));
    const next = new SimClient(doc);
    const remembered = ServerKnowledge.decode(this.knowledge.encode());
    if (!remembered) throw new Error('knowledge did not round-trip');
    next.knowledge.merge(remembered);
    return next;
  }
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  write(encoder);
  return encoding.toUint8Array(encoder);
}
