import * as Y from 'yjs';
import type * as awarenessProtocol from 'y-protocols/awareness';
import type { AuthorBinding, AuthorStore } from '../authors/author-store.ts';
import { RoomAuthors } from '../authors/room-authors.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { PresenceLimits } from '../protocol/awareness-update.ts';
import { CloseReason, RefusedError } from '../protocol/close-reasons.ts';
import { encodeSyncStep1, encodeSyncUpdate, type ClientMessage } from '../protocol/messages.ts';
import type { DocStore, LogPosition, StoredRoom } from '../storage/doc-store.ts';
import { MASS_DELETE_VERSION_SPACING_MS, massDeleteCount } from '../history/board-elements.ts';
import type { BoardHistory } from '../history/board-history.ts';
import { historyPeer, isHistoryPeer } from '../history/history-peer.ts';
import { IdleVersions } from '../history/idle-versions.ts';
import { restoreUpdate } from '../history/restore.ts';
import type { StoredVersion, VersionReason } from '../history/version.ts';
import type { Peer } from './peer.ts';
import { SharedFrames } from './shared-frames.ts';
import type { AnswerLimits } from './answer-budget.ts';
import { applyUpdates } from './apply-updates.ts';
import { InProcessBus } from './in-process-fanout.ts';
import { LogCompaction } from './log-compaction.ts';
import type { RoomPresenceLimits } from './presence-budget.ts';
import type { PresenceFrameLimits } from './presence-frames.ts';
import { PresenceRelay } from './presence-relay.ts';
import { RoomAnswers } from './room-answers.ts';
import type { FanoutBus, RoomFanout, RoomMessage } from './room-fanout.ts';
import { loadDoc } from './room-load.ts';
import { RoomPeers } from './room-peers.ts';
import { UpdateAdmission, type AdmissionLimits, type CheckedUpdate } from './update-admission.ts';
import { isEmptyUpdate, validateUpdate } from './validate-update.ts';
import { WritePipeline } from './write-pipeline.ts';

export { ownedAfter } from './room-peers.ts';

/** Board history (issue 14): where versions go, and how long a changed room waits for one. */
export interface RoomHistory {
  readonly versions: BoardHistory;
  readonly idleMs: number;
}

/** A history call made of a room that stopped serving meanwhile (failed, unloaded). */
export class RoomGoneError extends Error {
  override name = 'RoomGoneError';
}

export interface RoomOptions
  extends PresenceLimits, AdmissionLimits, RoomPresenceLimits, PresenceFrameLimits, AnswerLimits {
  readonly store: DocStore;
  /** Who wrote first under each client id: loaded with the room, bound before the log write. */
  readonly authors: AuthorStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /**
   * Where this room's instances meet: what it stores and what its peers announce goes out here.
   * Without one the room is on its own (a bus of its own).
   */
  readonly bus?: FanoutBus;
  readonly compactAfterUpdates: number;
  readonly compactAfterBytes: number;
  /** Stored bytes (snapshot plus log) past which updates that add content are refused (4413). */
  readonly maxRoomBytes: number;
  /** Versions of the board; none without. */
  readonly history?: RoomHistory | null;
  /**
   * Called once the last peer has left (the registry unloads the room when it stays empty), and
   * at once when the room fails (state 'failed': the registry drops it without storing).
   */
  readonly onEmpty: (room: Room) => void;
}

/**
 * A Room exists once loaded: the registry holds the load (a promise) until then, so nobody can
 * join or be answered from a half-loaded room.
 *
 * ready:     serving peers
 * draining:  no new peers; finishing writes, then compacting (unload or shutdown)
 * closed:    doc destroyed, nothing held
 * failed:    storage (or applying) failed; peers were closed with `reason`, the doc is dropped
 *            without being stored
 */
type RoomLife =
  | { readonly kind: 'ready' }
  | { readonly kind: 'draining' }
  | { readonly kind: 'closed' }
  | { readonly kind: 'failed'; readonly reason: CloseReason };

/** The states that carry nothing, shared by every room. */
const READY = { kind: 'ready' } as const;
const DRAINING = { kind: 'draining' } as const;
const CLOSED = { kind: 'closed' } as const;

export type RoomState = RoomLife['kind'];

/**
 * One loaded document and its peers, coordinating the parts that do the work: admission checks,
 * the write pipeline, log compaction, the presence relay, answers to peers' requests, and the
 * fan-out to the room's other instances. The doc only ever holds what is stored: an accepted
 * update is written to the log first, then applied and sent to every peer (its sender too: that
 * echo is the client's evidence that the server holds it) and to the other instances.
 */
export class Room {
  readonly name: string;
  readonly doc: Y.Doc;
  #life: RoomLife = READY;
  readonly #options: RoomOptions;
  readonly #peers = new RoomPeers();
  readonly #admission: UpdateAdmission;
  readonly #answers: RoomAnswers;
  readonly #presence: PresenceRelay;
  readonly #writes: WritePipeline;
  readonly #log: LogCompaction;
  readonly #fanout: RoomFanout;
  readonly #authors: RoomAuthors;
  readonly #versions: IdleVersions | null;
  /** When the last version before a mass delete was asked for (performance.now()). */
  #lastMassDeleteVersion = -Infinity;

  private constructor(
    name: string,
    loaded: { readonly doc: Y.Doc; readonly stored: StoredRoom; readonly authors: RoomAuthors },
    fanout: RoomFanout,
    options: RoomOptions,
  ) {
    this.name = name;
    this.doc = loaded.doc;
    this.#options = options;
    this.#fanout = fanout;
    this.#authors = loaded.authors;
    this.#admission = new UpdateAdmission(this.doc, options, loaded.authors);
    this.#answers = new RoomAnswers(this.doc, options);
    this.#presence = new PresenceRelay(
      name,
      this.doc,
      this.#peers,
      options,
      this.#sendPresence.bind(this),
    );
    this.#writes = new WritePipeline(name, options, {
      ordered: (end) => fanout.ordered(end),
      stored: this.#stored.bind(this),
      failed: this.#fail.bind(this),
    });
    this.#log = new LogCompaction(name, this.doc, loaded.stored, options, this.#writes);
    const history = options.history;
    this.#versions = history
      ? new IdleVersions(
          history.idleMs,
          () => this.#saveVersion(history, 'idle'),
          (error) => this.#versionFailed(error, 'idle'),
        )
      : null;
  }

  /** Loads a room completely before anyone is answered from it; rejects if storage fails. */
  static async load(name: string, options: RoomOptions): Promise<Room> {
    // Joined first, so what other instances store while this one reads is not missed.
    const fanout = (options.bus ?? new InProcessBus()).join(name);
    const early: RoomMessage[] = [];
    fanout.onRemote((message) => early.push(message));
    let room: Room;
    try {
      const stored = await options.store.load(name);
      fanout.readFrom(stored.end);
      // Read after the log: a binding is stored before its update, so every struct the load
      // read has its author here (read in parallel, a binding made in between could be missed).
      const bindings = await options.authors.load(name);
      const { doc, wholeState } = await loadDoc(name, stored, options);
      const authors = new RoomAuthors(bindings);
      room = new Room(name, { doc, stored, authors }, fanout, options);
      if (wholeState) room.#answers.seedFullState(wholeState);
      // What arrived while loading, beyond what the load read.
      for (const message of early) {
        if (message.type === 'presence' || message.end > stored.end) room.#remote(message);
      }
    } catch (error) {
      fanout.close();
      throw error;
    }
    fanout.onRemote(room.#remote.bind(room));
    // A long tail (a crash before compaction, say) is folded at once, so the next load is short.
    room.#log.foldIfDue();
    return room;
  }

  get state(): RoomState {
    return this.#life.kind;
  }

  get awareness(): awarenessProtocol.Awareness {
    return this.#presence.awareness;
  }

  get peerCount(): number {
    return this.#peers.size;
  }

  /** Ready with nobody in it: a warm room, which an idle unload may take. */
  get idle(): boolean {
    return this.#life.kind === 'ready' && this.#peers.size === 0;
  }

  /** Adds a peer and opens the sync: our state vector, then everyone's presence. */
  join(peer: Peer): void {
    if (this.#life.kind !== 'ready') throw new Error(`room ${this.name} is ${this.#life.kind}`);
    this.#peers.add(peer);
    peer.send(SharedFrames.sync(encodeSyncStep1(Y.encodeStateVector(this.doc))));
    if (this.awareness.getStates().size > 0) {
      peer.send(this.#presence.everyone().frames);
    }
  }

  leave(peer: Peer): void {
    const owned = this.#peers.remove(peer);
    if (!owned) return;
    this.#presence.left(peer, owned);
    if (this.#peers.size === 0 && this.#life.kind === 'ready') this.#options.onEmpty(this);
  }

  /** Handles one decoded message; throws ProtocolError when its content is malformed. */
  receive(peer: Peer, message: ClientMessage): void {
    if (!this.#peers.has(peer)) return;
    switch (message.type) {
      case 'sync-step1':
        peer.send(this.#answers.sync(peer, message.stateVector));
        return;
      case 'sync-step2':
      case 'sync-update':
        // y-websocket answers every step 1 with a step 2; when it has nothing new that is an
        // empty update, and checking it on scratch documents would cost ~17 KiB of garbage.
        if (isEmptyUpdate(message.update)) return;
        this.#accept(peer, message.update);
        return;
      case 'awareness':
        this.#presence.apply(peer, message.update);
        return;
      case 'query-awareness':
        peer.send(this.#answers.presence(peer, this.#presence));
        return;
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled message ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Folds the log into a snapshot in the background; a failure leaves the log as it was. */
  compact(): Promise<void> {
    return this.#log.compact();
  }

  /** Waits until every update received so far is stored (and applied). */
  drainWrites(): Promise<void> {
    return this.#writes.drain();
  }

  /**
   * Stores everything and releases the doc. With `closeWith`, remaining peers are closed once
   * their updates are stored (shutdown); without, the room is already empty (unload).
   */
  async unload(closeWith?: CloseReason): Promise<void> {
    if (this.#life.kind !== 'ready') return;
    this.#life = DRAINING;
    this.#log.cancelScheduled();
    await this.#writes.drain();
    if (this.state !== 'draining') return; // a write failed meanwhile and cleaned up
    // Closing in the same turn as the drain ends: no message can arrive between the two.
    if (closeWith) this.#peers.closeAll(closeWith);
    else this.#peers.clear();
    // Changes no version holds yet get one now: the idle timer dies with the room.
    await this.#versions?.flush();
    await this.#log.foldOnUnload();
    this.#destroy();
    this.#life = CLOSED;
  }

  /**
   * Saves a named version of the board with everything received so far. Rejects with
   * RoomGoneError when the room stopped serving meanwhile, or with the store's error.
   */
  async saveVersion(name: string): Promise<StoredVersion> {
    const history = this.#historyOrThrow();
    await this.#writes.drain();
    this.#assertServing();
    return this.#saveVersion(history, 'named', name);
  }

  /**
   * Makes the board equal to `version` (a whole document, as BoardHistory.read gives it) with
   * one change through the room's own checks, log and relay, after saving the board as it was
   * under `replacedName`; resolves to that saved version. Restoring it undoes the restore.
   */
  async restore(version: Uint8Array, replacedName: string): Promise<StoredVersion> {
    const history = this.#historyOrThrow();
    await this.#writes.drain();
    this.#assertServing();
    const target = new Y.Doc();
    let update: Uint8Array | null;
    try {
      Y.applyUpdate(target, version);
      update = restoreUpdate(this.doc, target);
    } finally {
      target.destroy();
    }
    const saved = await this.#saveVersion(history, 'named', replacedName);
    this.#assertServing();
    if (update) {
      this.#accept(historyPeer(), update);
      await this.#writes.drain();
      this.#assertServing();
    }
    return saved;
  }

  #historyOrThrow(): RoomHistory {
    const history = this.#options.history;
    if (!history) throw new Error('this relay keeps no history');
    return history;
  }

  #assertServing(): void {
    if (this.#life.kind !== 'ready')
      throw new RoomGoneError(`room ${this.name} is ${this.#life.kind}`);
  }

  /** A version of the board as it is now (read before the first await). */
  #saveVersion(
    history: RoomHistory,
    reason: VersionReason,
    name: string | null = null,
  ): Promise<StoredVersion> {
    this.#versions?.saved();
    const saving = history.versions.save(this.name, this.doc, reason, name);
    saving.then(
      () => this.#options.metrics.versionsSaved.labels(reason).inc(),
      // Unsaved after all: the idle version takes them later.
      () => this.#versions?.changed(),
    );
    return saving;
  }

  #versionFailed(error: unknown, reason: VersionReason): void {
    this.#options.metrics.errors.labels('history').inc();
    this.#options.logger.error({ err: error, room: this.name, reason }, 'saving a version failed');
  }

  /**
   * The work a mass delete waits for: a version of the board just before it, taken once every
   * earlier update is applied. Its failure is logged and counted, and the delete goes on: a
   * history that cannot be written must not stop people from editing.
   */
  #versionBeforeMassDelete(history: RoomHistory): () => Promise<void> {
    return () =>
      this.#saveVersion(history, 'before-mass-delete').then(
        () => undefined,
        (error: unknown) => this.#versionFailed(error, 'before-mass-delete'),
      );
  }

  /**
   * Checks an update against the room, then queues it for the log. The room-aware checks come
   * first: types nested 16,000 deep stall Yjs itself, on the scratch documents too.
   */
  #accept(peer: Peer, update: Uint8Array): void {
    const checked = this.#check(peer, update);
    validateUpdate(update);
    const bytes = this.#log.storedBytes + this.#writes.unwrittenBytes + update.byteLength;
    // An update that only deletes (what the room holds) still passes, so a full room can be
    // cleaned up; refusing growth folds the log, so that the cleaning gives space back.
    if (checked.addsStructs && bytes > this.#options.maxRoomBytes) {
      this.#log.foldForSpace();
      throw new RefusedError(
        CloseReason.roomFull,
        `room would hold ${bytes} bytes, over MAX_ROOM_BYTES (${this.#options.maxRoomBytes})`,
      );
    }
    this.#admission.admit(checked);
    if (checked.deletes) this.#log.deleted();
    const { bindings, skipped } = checked.authorship;
    if (bindings.length > 0) this.#options.metrics.authorBindings.inc(bindings.length);
    if (skipped > 0) this.#options.metrics.authorBindingsSkipped.inc(skipped);
    const history = this.#options.history;
    // A restore saved the board itself just before; anyone else's wipe waits for a version.
    const now = performance.now();
    const massDelete =
      history &&
      checked.deletes &&
      !isHistoryPeer(peer) &&
      now - this.#lastMassDeleteVersion >= MASS_DELETE_VERSION_SPACING_MS &&
      massDeleteCount(this.doc, checked.deleteSet) > 0;
    if (massDelete) this.#lastMassDeleteVersion = now;
    this.#writes.enqueue(
      update,
      bindings,
      massDelete && history ? this.#versionBeforeMassDelete(history) : undefined,
    );
  }

  /** The admission's verdict; an update refused for authorship is counted by who sent it. */
  #check(peer: Peer, update: Uint8Array): CheckedUpdate {
    try {
      return this.#admission.check(peer, update);
    } catch (error) {
      if (error instanceof RefusedError && error.reason === CloseReason.clientOwned) {
        this.#options.metrics.authorRefusals
          .labels(peer.identity?.key != null ? 'identity' : 'anonymous')
          .inc();
      }
      throw error;
    }
  }

  /** A batch this instance accepted is in the log: applied, then sent to everyone. */
  #stored(batch: Uint8Array[], end: LogPosition, bindings: readonly AuthorBinding[]): void {
    this.#log.appended(batch, end);
    // Applied and sent only now that they are stored: a crash loses nothing a client has seen.
    if (!this.#applyStored(batch)) return;
    this.#admission.applied(batch.length);
    this.#versions?.changed();
    // Encoded once, then one write per socket for the whole batch: a burst of strokes costs
    // each reader one system call instead of one per stroke.
    const frames = SharedFrames.syncAll(batch.map(encodeSyncUpdate));
    this.#peers.broadcast(frames);
    this.#fanout.publish({
      type: 'updates',
      updates: batch,
      end,
      frames,
      ...(bindings.length > 0 ? { bindings } : {}),
    });
    this.#log.foldIfDue();
  }

  /** Coalesced presence changes of this instance's peers, framed once for everyone. */
  #sendPresence(frames: SharedFrames): void {
    this.#peers.broadcast(frames);
    this.#fanout.publish({ type: 'presence', frames });
  }

  /**
   * What another instance of the room sent out: applied and passed to this instance's peers,
   * never stored (the instance that accepted it did). Called by the fan-out: its own error
   * boundary, and a room that cannot apply what its log holds fails like on its own writes.
   */
  #remote(message: RoomMessage): void {
    if (this.#life.kind !== 'ready' && this.#life.kind !== 'draining') return;
    try {
      if (message.type === 'presence') {
        this.#presence.applyRemote(message.frames);
        return;
      }
      // Bound where the updates were accepted; known here before anyone can build on them.
      if (message.bindings) this.#authors.bind(message.bindings);
      if (!this.#applyStored(message.updates)) return;
      this.#log.appended(message.updates, message.end);
      this.#peers.broadcast(message.frames);
    } catch (error) {
      this.#options.metrics.errors.labels('internal').inc();
      this.#options.logger.error({ err: error, room: this.name }, 'relaying from elsewhere failed');
      this.#fail(CloseReason.internalError);
    }
  }

  /**
   * Integrates stored updates. validateUpdate refuses every poisonous update known, but should
   * Yjs still throw here, the live doc may hold a half-applied transaction: fail the room so
   * that every client resyncs against a fresh load, rather than relay a doc we cannot trust.
   */
  #applyStored(batch: readonly Uint8Array[]): boolean {
    try {
      applyUpdates(this.doc, batch, 0, batch.length, (_index, error) => {
        throw error;
      });
      return true;
    } catch (error) {
      this.#options.metrics.errors.labels('apply').inc();
      this.#options.logger.error({ err: error, room: this.name }, 'stored update failed to apply');
      this.#fail(CloseReason.internalError);
      return false;
    }
  }

  /**
   * A write that failed leaves the log behind what peers sent. Dropping every peer makes their
   * clients reconnect and resend through sync, against a freshly loaded room; the unstored doc
   * is never written back.
   */
  #fail(reason: CloseReason): void {
    if (this.#life.kind === 'failed' || this.#life.kind === 'closed') return;
    this.#life = { kind: 'failed', reason };
    this.#writes.stop();
    this.#peers.closeAll(reason);
    this.#destroy();
    this.#options.onEmpty(this);
  }

  #destroy(): void {
    this.#versions?.stop();
    this.#writes.stop();
    this.#log.stop();
    // Before the fan-out closes: other instances still hear the removals of this one's peers.
    this.#presence.destroy();
    this.#fanout.close();
    this.#answers.destroy();
    this.doc.destroy();
  }
}
