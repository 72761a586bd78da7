import type { Socket } from 'node:net';
import { WebSocket, type RawData } from 'ws';
import type { Access, Capability } from '../access/access.ts';
import type { Identity } from '../access/identity.ts';
import type { Admitted } from '../http/upgrade.ts';
import { gate, type Verdict } from '../access/message-gate.ts';
import { encodePermissionDenied } from '../access/permission-notice.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { CloseReason, RefusedError } from '../protocol/close-reasons.ts';
import { ProtocolError, decodeClientMessage, type ClientMessage } from '../protocol/messages.ts';
import type { Peer } from '../rooms/peer.ts';
import { SharedFrames } from '../rooms/shared-frames.ts';
import { isEmptyUpdate } from '../rooms/validate-update.ts';
import type { AddressBudget } from './address-budget.ts';
import { OutboundBacklog } from './outbound-backlog.ts';
import { prebuiltFrameSocket, writePrebuilt } from './prebuilt-frames.ts';
import type { QueuedBytes } from './queued-bytes.ts';
import { RecentBytes, type SharedInbound } from './shared-inbound.ts';
import { TokenBucket } from './token-bucket.ts';

export interface ConnectionLimits {
  readonly rateLimitPerSecond: number;
  readonly rateLimitBurst: number;
  readonly rateLimitBytesPerSecond: number;
  readonly maxPayload: number;
  /** Caps both directions: bytes queued to send, and bytes held while the room loads. */
  readonly maxBufferedBytes: number;
}

/** Where an attached connection's messages go: its room. */
export interface MessageTarget {
  /** Handles one decoded message; throws ProtocolError when the content is malformed. */
  receive(peer: Peer, message: ClientMessage): void;
  leave(peer: Peer): void;
}

/** What every connection of one server shares; one object, so each connection holds a pointer. */
export interface ConnectionServices {
  readonly limits: ConnectionLimits;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Bytes queued for every connection together (MAX_TOTAL_BUFFERED_BYTES). */
  readonly queued: QueuedBytes;
  /** True while DATA_DIR is at MAX_DATA_BYTES: new content is refused. */
  readonly storage: { readonly full: boolean };
  /** Called once, when the socket has closed. */
  readonly onClosed: (connection: Connection) => void;
}

/** ws raises these for frames it refuses itself; it has already sent the matching close code. */
const WS_ERROR_LABELS: Record<string, string> = {
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: CloseReason.tooLarge.label,
  WS_ERR_INVALID_UTF8: CloseReason.invalidPayload.label,
};

let nextId = 1;

const NOTHING_NOTICED: readonly Capability[] = [];

/** The Connection a ws socket belongs to, so that one set of listeners serves every socket. */
const kConnection = Symbol('connection');
type OwnedSocket = WebSocket & { [kConnection]: Connection };

function connectionOf(socket: WebSocket): Connection {
  return (socket as OwnedSocket)[kConnection];
}

/**
 * loading:  the room is still loading; messages wait in order, `bytes` of them held
 * attached:  messages go to the room
 * closing:  the close handshake is under way (or the socket was cut); nothing more is handled
 * closed:   the socket has closed
 * `room` while closing or closed is the room it was attached to, if any, which it must leave.
 */
type Lifecycle =
  | { readonly phase: 'loading'; waiting: ClientMessage[] | null; bytes: number }
  | { readonly phase: 'attached'; readonly room: MessageTarget }
  | { readonly phase: 'closing' | 'closed'; readonly room: MessageTarget | null };

/** What the room's registry and the server's books see: loading and attached are both open. */
export type ConnectionState = 'open' | 'closing' | 'closed';

/**
 * One client socket: loading → attached → closing → closed (see Lifecycle). Frames are checked
 * here (binary, rate, decodable, permitted by its access) before a room sees them; frames that
 * arrive before the room is loaded wait in order.
 *
 * Thousands of these are open at once, so a connection makes no closures of its own: the socket
 * listeners are shared functions that find their connection through the socket, and everything
 * server-wide sits in one shared `services` object. Per-socket closures, a once-wrapper and the
 * listener arrays they needed cost ~1 KiB a connection (heap snapshots, 1,000 sockets).
 */
export class Connection implements Peer {
  readonly id = nextId++;
  readonly room: string;
  readonly access: Access;
  /** Who the connection speaks for (access/identity.ts); null for an anonymous one. */
  readonly identity: Identity | null;
  #lifecycle: Lifecycle = { phase: 'loading', waiting: null, bytes: 0 };
  /** Bytes the socket had read when the last ping went out; -1 before the first ping. */
  #readAtPing = -1;
  /** Why the connection ended, for logs and metrics; set by whoever ends it first. */
  #closeLabel: string | null = null;
  readonly #socket: WebSocket;
  readonly #tcp: Socket;
  readonly #services: ConnectionServices;
  readonly #messageBucket: TokenBucket;
  readonly #byteBucket: TokenBucket;
  /** The client address this connection counts against, and its room's shared inbound budget. */
  readonly address: AddressBudget;
  readonly #roomInbound: SharedInbound;
  readonly #recentIn = new RecentBytes();
  /** Which queued bytes are a backlog: not the newest message, nor an answer still draining. */
  readonly #outbound = new OutboundBacklog();
  /** True while the room handles this connection's sync step 1: the sync frame it sends is the answer. */
  #answering = false;
  #childLogger: Logger | null = null;
  /** What the client has been told it may not do: one notice per capability it lacks. */
  #noticed: readonly Capability[] = NOTHING_NOTICED;

  constructor(
    socket: WebSocket,
    admitted: Admitted,
    services: ConnectionServices,
    address: AddressBudget,
    roomInbound: SharedInbound,
  ) {
    this.#socket = socket;
    this.#tcp = prebuiltFrameSocket(socket);
    this.room = admitted.room;
    this.access = admitted.access;
    this.identity = admitted.identity;
    this.#services = services;
    this.address = address;
    this.#roomInbound = roomInbound;
    address.inbound.add(this);
    roomInbound.add(this);
    const { limits } = services;
    const now = performance.now();
    this.#messageBucket = new TokenBucket(limits.rateLimitPerSecond, limits.rateLimitBurst, now);
    // A burst of two full frames: any single legal frame passes a rested connection.
    this.#byteBucket = new TokenBucket(limits.rateLimitBytesPerSecond, 2 * limits.maxPayload, now);
    (socket as OwnedSocket)[kConnection] = this;
    socket.on('message', Connection.#onSocketMessage);
    socket.on('error', Connection.#onSocketError);
    socket.on('close', Connection.#onSocketClose);
  }

  /** ws emits these from its parser: a throw here would reach no handler, so each has a boundary. */
  static #onSocketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    const connection = connectionOf(this);
    try {
      connection.#receive(data, isBinary);
    } catch (error) {
      connection.#reject(error);
    }
  }

  static #onSocketError(this: WebSocket, error: Error & { code?: string }): void {
    const connection = connectionOf(this);
    connection.#closeLabel ??= WS_ERROR_LABELS[error.code ?? ''] ?? 'socket_error';
    connection.#services.metrics.errors.labels('socket').inc();
    connection.#logger.warn({ err: error }, 'socket error');
  }

  static #onSocketClose(this: WebSocket): void {
    const connection = connectionOf(this);
    connection.#lifecycle = { phase: 'closed', room: connection.target };
    const { metrics, onClosed } = connection.#services;
    metrics.connectionsClosed.labels(connection.#closeLabel ?? 'client_closed').inc();
    try {
      onClosed(connection);
    } catch (error) {
      metrics.errors.labels('internal').inc();
      connection.#logger.error({ err: error }, 'cleanup after close failed');
    }
  }

  /** Made on first use: most connections never log, and a pino child costs about 1 KiB. */
  get #logger(): Logger {
    this.#childLogger ??= this.#services.logger.child({ conn: this.id, room: this.room });
    return this.#childLogger;
  }

  get state(): ConnectionState {
    const { phase } = this.#lifecycle;
    return phase === 'loading' || phase === 'attached' ? 'open' : phase;
  }

  /** The room this connection delivers to, once attached (and still, once closing or closed). */
  get target(): MessageTarget | null {
    const lifecycle = this.#lifecycle;
    return lifecycle.phase === 'loading' ? null : lifecycle.room;
  }

  /** Starts delivering messages, first those that arrived while the room was loading. */
  attach(target: MessageTarget): void {
    const lifecycle = this.#lifecycle;
    if (lifecycle.phase !== 'loading') throw new Error(`attach while ${lifecycle.phase}`);
    this.#lifecycle = { phase: 'attached', room: target };
    for (const message of lifecycle.waiting ?? []) {
      if (this.#lifecycle.phase !== 'attached') return;
      this.#deliver(target, message);
    }
  }

  send(frames: SharedFrames): void {
    if (this.state !== 'open' || frames.messages.length === 0) return;
    // Once the client has started the closing handshake, ws would refuse to send too.
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    // The room answers a step 1 within receive, with one sync message: that is the answer.
    const answer = this.#answering && frames.kind === 'sync';
    this.#outbound.wrote(writePrebuilt(this.#tcp, frames), answer);
    this.#checkBacklog();
    const { metrics } = this.#services;
    const sent =
      frames.kind === 'sync'
        ? metrics.sentUpdate
        : frames.kind === 'awareness'
          ? metrics.sentAwareness
          : metrics.messagesOut.labels(frames.kind);
    sent.inc(frames.messages.length);
    metrics.bytesOut.inc(frames.byteLength);
  }

  /**
   * Never drop a message and carry on: a client that misses one update diverges silently, so a
   * reader that lets too much pile up is closed. What piles up is counted besides the message
   * just written and the answer this connection asked for while it drains (see OutboundBacklog):
   * one message, however large (a newcomer's copy of a big room), is not a backlog, and a
   * newcomer must not be dropped because the kernel took only part of it at once.
   */
  #checkBacklog(): void {
    const backlog = this.backlog();
    if (backlog > this.#services.limits.maxBufferedBytes) {
      this.close(CloseReason.slowReader);
      return;
    }
    // The same measure counts towards the address's and the server's budgets, which may close
    // this connection or, if theirs are larger, others.
    this.address.queued.record(this, backlog);
    this.#services.queued.record(this, backlog);
  }

  /** Bytes queued as the slow-reader cap and the shared budgets count them (see OutboundBacklog). */
  backlog(): number {
    if (this.#lifecycle.phase === 'closed') return 0;
    return this.#outbound.backlog(this.#tcp.writableLength);
  }

  /** What this connection sent lately, for the shared inbound budgets. */
  recentBytes(now: number): number {
    return this.#recentIn.read(now);
  }

  /** Leaves every shared budget; called once the socket has closed. */
  leaveBudgets(): void {
    this.address.queued.forget(this);
    this.#services.queued.forget(this);
    this.address.inbound.delete(this);
    this.#roomInbound.delete(this);
  }

  close(reason: CloseReason): void {
    if (this.state !== 'open') return;
    this.#lifecycle = { phase: 'closing', room: this.target };
    this.#closeLabel ??= reason.label;
    this.#logger.info({ code: reason.code, reason: reason.label }, 'closing connection');
    this.#socket.close(reason.code, reason.reason);
  }

  /**
   * Heartbeat tick: pings a socket that has sent anything since the last ping (its pong, or any
   * other frame), ends one that has not. Counting bytes read instead of listening for pongs saves
   * a listener on every socket: ~90 bytes, as a fourth event name grows ws's listener table.
   */
  heartbeat(): void {
    if (this.#lifecycle.phase === 'closed') return;
    // A queue that did not move for a whole interval is a backlog, all of it.
    if (this.state === 'open' && this.#outbound.checkDrain(this.#tcp.writableLength)) {
      this.#checkBacklog();
      if (this.state !== 'open') return;
    }
    const read = this.#tcp.bytesRead;
    if (read === this.#readAtPing) {
      this.#closeLabel ??= 'heartbeat_timeout';
      this.#logger.info('nothing received since the last heartbeat, not even a pong; terminating');
      this.#lifecycle = { phase: 'closing', room: this.target };
      this.#socket.terminate();
      return;
    }
    this.#readAtPing = read;
    this.#socket.ping();
  }

  /** Drops the socket at once, for shutdown stragglers that do not finish the close handshake. */
  terminate(): void {
    this.#socket.terminate();
  }

  #receive(data: RawData, isBinary: boolean): void {
    if (this.state !== 'open') return;
    if (!isBinary) {
      this.close(CloseReason.unsupportedData);
      return;
    }
    // With the default binaryType every binary message arrives as one Buffer.
    const frame = data as Buffer;
    const { metrics, limits } = this.#services;
    const now = performance.now();
    if (!this.#messageBucket.take(now) || !this.#byteBucket.take(now, frame.byteLength)) {
      metrics.errors.labels('rate_limited').inc();
      this.close(CloseReason.rateLimited);
      return;
    }
    // Budgets shared with the other connections of this address and of this room: what they
    // send together must stay readable for everyone else in the room.
    this.#recentIn.add(now, frame.byteLength);
    const refused =
      this.address.inbound.admit(this, frame.byteLength, now) ??
      this.#roomInbound.admit(this, frame.byteLength, now);
    if (refused) {
      metrics.errors.labels('rate_limited').inc();
      this.close(refused);
      return;
    }
    metrics.bytesIn.inc(frame.byteLength);
    let message: ClientMessage;
    try {
      message = decodeClientMessage(frame);
    } catch (error) {
      this.#reject(error);
      return;
    }
    metrics.messagesIn.labels(message.type).inc();
    // First what this connection may do at all: a viewer's change is dropped whatever else holds.
    const verdict = gate(this.access, message);
    if (verdict.kind === 'drop') {
      this.#drop(verdict, frame);
      return;
    }
    if (this.#services.storage.full && carriesContent(message)) {
      metrics.errors.labels('refused').inc();
      this.close(CloseReason.storageFull);
      return;
    }
    const lifecycle = this.#lifecycle;
    if (lifecycle.phase === 'attached') {
      this.#deliver(lifecycle.room, message);
      return;
    }
    if (lifecycle.phase !== 'loading') return;
    lifecycle.bytes += frame.byteLength;
    if (lifecycle.bytes > limits.maxBufferedBytes) this.close(CloseReason.loadBacklog);
    else (lifecycle.waiting ??= []).push(message);
  }

  /** A message its access does not allow: counted, explained once, never seen by the room. */
  #drop(verdict: Verdict & { kind: 'drop' }, frame: Buffer): void {
    this.#services.metrics.messagesDropped.labels(verdict.missing).inc();
    if (!this.#noticed.includes(verdict.missing)) {
      this.#noticed = [...this.#noticed, verdict.missing];
      this.#logger.info(
        { missing: verdict.missing },
        'dropped a message its access does not allow',
      );
      this.send(SharedFrames.auth(encodePermissionDenied(verdict.missing)));
    }
    if (verdict.echo) this.send(SharedFrames.awareness([frame]));
  }

  #deliver(room: MessageTarget, message: ClientMessage): void {
    // The room answers a step 1 at once, within receive, with one sync frame.
    this.#answering = message.type === 'sync-step1';
    try {
      room.receive(this, message);
    } catch (error) {
      this.#reject(error);
    } finally {
      this.#answering = false;
    }
  }

  #reject(error: unknown): void {
    if (error instanceof RefusedError) {
      this.#services.metrics.errors.labels('refused').inc();
      this.#logger.warn({ err: error.message, reason: error.reason.label }, 'refused message');
      this.close(error.reason);
      return;
    }
    if (!(error instanceof ProtocolError)) {
      this.#services.metrics.errors.labels('internal').inc();
      this.#logger.error({ err: error }, 'message handling failed');
      this.close(CloseReason.internalError);
      return;
    }
    this.#services.metrics.errors.labels('protocol').inc();
    this.#logger.warn({ err: error.message }, 'rejected message');
    this.close(
      error.kind === 'malformed' ? CloseReason.invalidPayload : CloseReason.unsupportedData,
    );
  }
}

/**
 * A message that would be stored. Step 2 answers every connect, empty when the client has nothing
 * new: refusing that would lock readers out of a full server too.
 */
function carriesContent(message: ClientMessage): boolean {
  return (
    (message.type === 'sync-step2' || message.type === 'sync-update') &&
    !isEmptyUpdate(message.update)
  );
}
