import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { readAwarenessEntries, type PresenceLimits } from '../protocol/awareness-update.ts';
import { CloseReason, RefusedError } from '../protocol/close-reasons.ts';
import {
  ProtocolError,
  encodeSyncStep1,
  encodeSyncUpdate,
  type ClientMessage,
} from '../protocol/messages.ts';
import {
  StoreUnavailableError,
  type DocStore,
  type LogPosition,
  type StoredRoom,
} from '../storage/doc-store.ts';
import type { Peer } from './peer.ts';
import { AnswerBudget, answerCost, type AnswerLimits } from './answer-budget.ts';
import { UPDATES_PER_TRANSACTION, applyUpdates } from './apply-updates.ts';
import { worthFoldingNow, worthFoldingOnUnload, type LogShape } from './compaction-policy.ts';
import { FullRoomCompaction } from './full-room-compaction.ts';
import { UpdateAdmission, type AdmissionLimits } from './update-admission.ts';
import { PresenceBudget, type RoomPresenceLimits } from './presence-budget.ts';
import { presenceChanges, type PresenceChange } from './presence-changes.ts';
import { encodePresenceFrames, type PresenceFrameLimits } from './presence-frames.ts';
import { SyncAnswers } from './sync-answers.ts';
import { isEmptyUpdate, validateUpdate } from './validate-update.ts';

/** How long awareness renewals (unchanged states) may wait to share a frame. */
const AWARENESS_RENEWAL_DELAY_MS = 1000;

/** A peer's awareness client ids before it has announced any. */
const NO_CLIENTS: readonly number[] = [];

/** Most updates one log write carries; the rest wait for the next. */
const MAX_BATCH_UPDATES = 512;

/** Longest stretch a room load runs before letting other work in (checked between transactions). */
const LOAD_SLICE_MS = 10;

export interface RoomOptions
  extends PresenceLimits, AdmissionLimits, RoomPresenceLimits, PresenceFrameLimits, AnswerLimits {
  readonly store: DocStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly compactAfterUpdates: number;
  readonly compactAfterBytes: number;
  /** Stored bytes (snapshot plus log) past which updates that add content are refused (4413). */
  readonly maxRoomBytes: number;
  /**
   * Called once the last peer has left (the registry unloads the room when it stays empty), and
   * at once when the room fails (state 'failed': the registry drops it without storing).
   */
  readonly onEmpty: (room: Room) => void;
}

/**
 * ready:     serving peers
 * draining:  no new peers; finishing writes, then compacting (unload or shutdown)
 * closed:    doc destroyed, nothing held
 * failed:    storage failed; peers were closed, the doc is dropped without being stored
 */
export type RoomState = 'ready' | 'draining' | 'closed' | 'failed';

/**
 * One loaded document and its peers. The doc only ever holds what is stored: an accepted update
 * is written to the log first, then applied and broadcast (to its sender too: that echo is the
 * client's evidence that the server holds it). Updates that arrive while a write is in flight
 * share the next one.
 */
export class Room {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  #state: RoomState = 'ready';
  readonly #options: RoomOptions;
  /**
   * Each peer with the awareness client ids it has announced, removed for everyone when it
   * leaves. Usually one id: an exact-size array costs a peer 56 bytes where a Set costs 152.
   */
  readonly #peers = new Map<Peer, readonly number[]>();
  /** Just past every log entry the doc holds: what a compaction folds, in the store's terms. */
  #end: LogPosition;
  /** Bytes of the stored snapshot: with the tail and what waits to be written, the room's size. */
  #snapshotBytes: number;
  #tailCount: number;
  #tailBytes: number;
  #unwrittenBytes = 0;
  readonly #admission: UpdateAdmission;
  #pending: Uint8Array[] = [];
  #flushScheduled = false;
  #writing: Promise<void> | null = null;
  #compacting: Promise<void> | null = null;
  /** When refusing growth (4413) folds the log, so that what people erased frees space. */
  readonly #fullCompaction: FullRoomCompaction;
  #fullCompactionTimer: NodeJS.Timeout | null = null;
  readonly #dirtyAwareness = new Set<number>();
  #awarenessScheduled = false;
  /** Set by a real presence change (not a mere renewal) until the next 'update' event is seen. */
  #awarenessChanged = false;
  #renewalTimer: NodeJS.Timeout | null = null;
  /**
   * Answers to sync step 1, kept until the doc next changes: everyone opening a room link at once
   * gets the same bytes, encoded (and framed) once.
   */
  // Held (with its framed copy, see transport/connection.ts) until the next change: about twice
  // the room's encoded size while a served room sits idle, traded for not encoding again.
  readonly #answers: SyncAnswers;
  /** What each peer may still ask for; weak, so a peer's budget goes with it. */
  readonly #answerBudgets = new WeakMap<Peer, AnswerBudget>();
  readonly #presenceBudget: PresenceBudget;
  /** Everyone's presence as frames a joiner can answer, kept until presence next changes. */
  #presenceSnapshot: Uint8Array[] | null = null;
  // Handed to timers and events, so bound once per room. Bound methods, not arrow fields: under
  // tsx (esbuild keepNames) each arrow-field instance has its name redefined, which costs it a
  // 256-byte property dictionary.
  readonly #onAwarenessUpdate = this.#awarenessUpdated.bind(this);
  readonly #onAwarenessChange = this.#awarenessChangedNow.bind(this);
  readonly #flushAwareness = this.#sendPendingAwareness.bind(this);
  readonly #startWrite = this.#writeNextBatch.bind(this);
  readonly #onFullCompactionDue = this.#fullCompactionDue.bind(this);
  readonly #onFold = this.#startFold.bind(this);

  private constructor(name: string, stored: StoredRoom, doc: Y.Doc, options: RoomOptions) {
    this.name = name;
    this.doc = doc;
    this.#options = options;
    this.#end = stored.end;
    this.#snapshotBytes = stored.snapshotBytes;
    this.#tailCount = stored.tailCount;
    this.#tailBytes = stored.tailBytes;
    this.#fullCompaction = new FullRoomCompaction(stored.tailCount);
    this.#admission = new UpdateAdmission(doc, options);
    this.#answers = new SyncAnswers(doc);
    this.#presenceBudget = new PresenceBudget(options);
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server is not a participant: it relays others' presence and announces none of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('change', this.#onAwarenessChange);
    this.awareness.on('update', this.#onAwarenessUpdate);
  }

  /** Loads a room completely before anyone is answered from it; rejects if storage fails. */
  static async load(name: string, options: RoomOptions): Promise<Room> {
    const stored = await options.store.load(name);
    const doc = new Y.Doc({ guid: name, gc: true });
    const unusable: { index: number; error: unknown }[] = [];
    // Slices of ~10 ms keep other rooms responsive while a long log loads.
    const updates = stored.updates;
    for (let index = 0; index < updates.length;) {
      const sliceStart = performance.now();
      do {
        const end = Math.min(updates.length, index + UPDATES_PER_TRANSACTION);
        applyUpdates(doc, updates, index, end, (at, error) => unusable.push({ index: at, error }));
        index = end;
      } while (index < updates.length && performance.now() - sliceStart < LOAD_SLICE_MS);
      if (index < updates.length) await new Promise((resolve) => setImmediate(resolve));
    }
    // validateUpdate keeps poisonous updates out of the log, so this is a last line of defence:
    // one bad entry must not lock everyone out of a room for good. The entry is skipped, but its
    // bytes go to the error log, so an operator can still recover or report it.
    for (const { index, error } of unusable) {
      options.metrics.errors.labels('stored_update_skipped').inc();
      options.logger.error(
        {
          err: error,
          room: name,
          index,
          update: Buffer.from(stored.updates[index]!).toString('base64'),
        },
        'stored update cannot be applied; skipped it',
      );
    }
    const room = new Room(name, stored, doc, options);
    // One stored update applied whole is the room's state, in bytes a client can load as they are.
    if (updates.length === 1 && unusable.length === 0) {
      room.#answers.seedFullState(updates[0]!);
    }
    // A long tail (a crash before compaction, say) is folded at once, so the next load is short.
    if (room.#needsCompaction()) void room.compact();
    return room;
  }

  get state(): RoomState {
    return this.#state;
  }

  get peerCount(): number {
    return this.#peers.size;
  }

  /** Adds a peer and opens the sync: our state vector, then everyone's presence. */
  join(peer: Peer): void {
    if (this.#state !== 'ready') throw new Error(`room ${this.name} is ${this.#state}`);
    this.#peers.set(peer, NO_CLIENTS);
    peer.send(encodeSyncStep1(Y.encodeStateVector(this.doc)), 'sync');
    if (this.awareness.getStates().size > 0) peer.sendAll(this.#everyonesPresence(), 'awareness');
  }

  leave(peer: Peer): void {
    const clients = this.#peers.get(peer);
    if (!clients) return;
    this.#peers.delete(peer);
    // A client that reconnected before its dead socket was noticed announces the same id on
    // its new connection: that id is still here, and removing it would hide a live user.
    const gone = clients.filter((id) => !this.#announcedElsewhere(id));
    if (gone.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, gone, peer);
    if (this.#peers.size === 0 && this.#state === 'ready') this.#options.onEmpty(this);
  }

  /** Ready with nobody in it: a warm room, which an idle unload may take. */
  get idle(): boolean {
    return this.#state === 'ready' && this.#peers.size === 0;
  }

  #announcedElsewhere(clientId: number): boolean {
    for (const owned of this.#peers.values()) if (owned.includes(clientId)) return true;
    return false;
  }

  /** Handles one decoded message; throws ProtocolError when its content is malformed. */
  receive(peer: Peer, message: ClientMessage): void {
    if (!this.#peers.has(peer)) return;
    switch (message.type) {
      case 'sync-step1': {
        const budget = this.#answerBudget(peer);
        const { frame, encoded } = this.#answers.answer(message.stateVector);
        this.#charge(budget, frame.byteLength, encoded);
        peer.send(frame, 'sync');
        return;
      }
      case 'sync-step2':
      case 'sync-update':
        // y-websocket answers every step 1 with a step 2; when it has nothing new that is an
        // empty update, and checking it on scratch documents would cost ~17 KiB of garbage.
        if (isEmptyUpdate(message.update)) return;
        this.#accept(peer, message.update);
        this.#scheduleFlush();
        return;
      case 'awareness':
        this.#applyAwareness(peer, message.update);
        return;
      case 'query-awareness': {
        const budget = this.#answerBudget(peer);
        const encoded = this.#presenceSnapshot === null;
        const frames = this.#everyonesPresence();
        let bytes = 0;
        for (const frame of frames) bytes += frame.byteLength;
        this.#charge(budget, bytes, encoded);
        peer.sendAll(frames, 'awareness');
        return;
      }
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled message ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /**
   * Checks an update against the room, then queues it for the log. The room-aware checks come
   * first: types nested 16,000 deep stall Yjs itself, on the scratch documents too.
   */
  #accept(peer: Peer, update: Uint8Array): void {
    const checked = this.#admission.check(peer, update);
    validateUpdate(update);
    const bytes = this.#snapshotBytes + this.#tailBytes + this.#unwrittenBytes + update.byteLength;
    // An update that only deletes (what the room holds) still passes, so a full room can be
    // cleaned up; refusing growth folds the log, so that the cleaning gives space back.
    if (checked.addsStructs && bytes > this.#options.maxRoomBytes) {
      this.#foldForSpace();
      throw new RefusedError(
        CloseReason.roomFull,
        `room would hold ${bytes} bytes, over MAX_ROOM_BYTES (${this.#options.maxRoomBytes})`,
      );
    }
    this.#admission.admit(checked);
    if (checked.deletes) this.#fullCompaction.deleted();
    this.#unwrittenBytes += update.byteLength;
    this.#pending.push(update);
  }

  /** Folds the log now, or once the interval since the last such fold is up (see FullRoomCompaction). */
  #foldForSpace(): void {
    // A fold under way took its snapshot before this: a refusal after it decides again.
    if (this.#compacting || this.#fullCompactionTimer) return;
    const wait = this.#fullCompaction.refused(performance.now());
    if (wait === null) return;
    if (wait === 0) {
      this.#startFold();
      return;
    }
    this.#fullCompactionTimer = setTimeout(this.#onFullCompactionDue, wait);
    this.#fullCompactionTimer.unref();
  }

  #fullCompactionDue(): void {
    this.#fullCompactionTimer = null;
    if (this.#state !== 'ready' || !this.#fullCompaction.due(performance.now())) return;
    // One under way may have taken its snapshot before the latest deletions: this one follows.
    if (this.#compacting) void this.#compacting.then(this.#onFold);
    else this.#startFold();
  }

  /** Called from a refusal, a timer and a promise: its own error boundary. */
  #startFold(): void {
    try {
      void this.compact();
    } catch (error) {
      this.#options.metrics.errors.labels('internal').inc();
      this.#options.logger.error({ err: error, room: this.name }, 'starting a compaction failed');
    }
  }

  /** Every known presence state, in as many frames as a client can answer one by one. */
  #everyonesPresence(): Uint8Array[] {
    this.#presenceSnapshot ??= encodePresenceFrames(
      this.awareness,
      this.awareness.getStates().keys(),
      this.#options,
    );
    return this.#presenceSnapshot;
  }

  /** The peer's answer budget; refuses (1008) a peer that has spent it. */
  #answerBudget(peer: Peer): AnswerBudget {
    const now = performance.now();
    let budget = this.#answerBudgets.get(peer);
    if (!budget) {
      budget = new AnswerBudget(this.#options, now);
      this.#answerBudgets.set(peer, budget);
    }
    if (!budget.canAnswer(now)) {
      throw new RefusedError(
        CloseReason.answerBudget,
        `asked for more than ${this.#options.answerBurstFullStates} full states of the room at once`,
      );
    }
    return budget;
  }

  #charge(budget: AnswerBudget, bytes: number, encoded: boolean): void {
    budget.spend(performance.now(), answerCost(bytes, this.#answers.fullStateBytes, encoded));
  }

  #applyAwareness(peer: Peer, update: Uint8Array): void {
    // Checked before anything is kept: size, depth and count limits, the connection's cap and
    // the room's. Only entries the room will keep count: the rest are echoes of what it sent.
    const entries = readAwarenessEntries(update, this.#options);
    const changes = presenceChanges(this.awareness, entries);
    const owned = this.#peers.get(peer) ?? NO_CLIENTS;
    let added = 0;
    for (const [clientId, { bytes }] of changes) {
      if (bytes !== null && !owned.includes(clientId)) added++;
    }
    const cap = this.#options.maxPresenceClientsPerConnection;
    if (owned.length + added > cap) {
      throw new RefusedError(
        CloseReason.presenceLimit,
        `connection would announce ${owned.length + added} presence clients, over the cap of ${cap}`,
      );
    }
    this.#presenceBudget.check(changes);
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
    } catch (error) {
      this.#undoPartialApply(changes);
      throw new ProtocolError(
        'malformed',
        `undecodable awareness update: ${(error as Error).message}`,
      );
    }
    for (const [clientId, { bytes }] of changes) {
      if (bytes !== null && this.awareness.states.has(clientId)) {
        this.#presenceBudget.hold(clientId, bytes);
      } else {
        this.#presenceBudget.release(clientId);
      }
    }
  }

  /**
   * applyAwarenessUpdate keeps the entries before one it cannot parse, and announces none of
   * them: nobody would own those states, and the budget would not count them. Whatever the
   * frame set is removed again, for everyone.
   */
  #undoPartialApply(changes: ReadonlyMap<number, PresenceChange>): void {
    const kept: number[] = [];
    for (const [clientId, { clock }] of changes) {
      if (!this.awareness.states.has(clientId)) this.#presenceBudget.release(clientId);
      else if (this.awareness.meta.get(clientId)?.clock === clock) kept.push(clientId);
    }
    if (kept.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, kept, null);
  }

  #awarenessUpdated(
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void {
    const owned = this.#peers.get(origin as Peer);
    if (owned) {
      const next = ownedAfter(owned, changes);
      if (next !== owned) this.#peers.set(origin as Peer, next);
    }
    for (const list of [changes.added, changes.updated, changes.removed]) {
      for (const id of list) this.#dirtyAwareness.add(id);
    }
    // Removed by the peer, by its leaving, or by y-protocols' 30 s timeout.
    for (const id of changes.removed) this.#presenceBudget.release(id);
    this.#presenceSnapshot = null;
    const changed = this.#awarenessChanged;
    this.#awarenessChanged = false;
    if (changed) {
      if (!this.#awarenessScheduled) {
        this.#awarenessScheduled = true;
        setImmediate(this.#flushAwareness);
      }
    } else {
      // A renewal (same state, new clock) only keeps a client alive for others, who time out
      // after 30 s: gathering a second of them into one frame cuts an idle room's traffic
      // roughly by the number of clients, and nobody sees a difference.
      this.#renewalTimer ??= setTimeout(this.#flushAwareness, AWARENESS_RENEWAL_DELAY_MS);
    }
  }

  #awarenessChangedNow(): void {
    this.#awarenessChanged = true;
  }

  /**
   * Sends every pending presence change as one frame, encoded once for all peers: changes
   * within the turn they arrive in, renewals within a second.
   */
  #sendPendingAwareness(): void {
    // A timer callback: its own error boundary, or a throw here would reach no handler at all.
    try {
      this.#encodeAndSendAwareness();
    } catch (error) {
      this.#options.metrics.errors.labels('internal').inc();
      this.#options.logger.error({ err: error, room: this.name }, 'presence broadcast failed');
      this.#dirtyAwareness.clear();
    }
  }

  #encodeAndSendAwareness(): void {
    this.#awarenessScheduled = false;
    if (this.#renewalTimer) clearTimeout(this.#renewalTimer);
    this.#renewalTimer = null;
    if (this.#dirtyAwareness.size === 0 || this.#peers.size === 0) return;
    const frames = encodePresenceFrames(this.awareness, this.#dirtyAwareness, this.#options);
    this.#dirtyAwareness.clear();
    // The same array for every peer: framed once, one write per socket.
    for (const peer of this.#peers.keys()) peer.sendAll(frames, 'awareness');
  }

  /**
   * Writes once the socket read that brought the update is handled, so every message of that
   * read shares the write. Later updates gather in #pending while it is in flight and go
   * together next: under load batches grow, and an idle room waits for no timer.
   */
  #scheduleFlush(): void {
    if (this.#flushScheduled || this.#writing) return;
    this.#flushScheduled = true;
    queueMicrotask(this.#startWrite);
  }

  #writeNextBatch(): void {
    // A microtask: its own error boundary, like every callback nothing else would catch.
    try {
      this.#startNextBatch();
    } catch (error) {
      this.#options.metrics.errors.labels('internal').inc();
      this.#options.logger.error({ err: error, room: this.name }, 'write scheduling failed');
      if (this.#state === 'ready' || this.#state === 'draining')
        this.#fail(CloseReason.internalError);
    }
  }

  #startNextBatch(): void {
    this.#flushScheduled = false;
    if (this.#writing || this.#pending.length === 0 || this.#state === 'failed') return;
    // Bounded, so a flood that piled up behind a slow write is stored and relayed in steps.
    const batch = this.#pending.splice(0, MAX_BATCH_UPDATES);
    this.#writing = this.#write(batch)
      .catch((error: unknown) => {
        // #write handles storage and apply failures itself; anything else is a bug, and a room
        // in an unknown state must not keep serving.
        this.#options.metrics.errors.labels('internal').inc();
        this.#options.logger.error({ err: error, room: this.name }, 'write pipeline failed');
        if (this.#state === 'ready' || this.#state === 'draining') {
          this.#fail(CloseReason.internalError);
        }
      })
      .finally(() => {
        this.#writing = null;
        if (this.#pending.length > 0) this.#startWrite();
      });
  }

  async #write(batch: Uint8Array[]): Promise<void> {
    const { store, metrics, logger } = this.#options;
    const stopTimer = metrics.storageWriteSeconds.startTimer();
    let end: LogPosition;
    try {
      end = await store.append(this.name, batch);
    } catch (error) {
      metrics.errors.labels('storage_write').inc();
      logger.error(
        { err: error, room: this.name, updates: batch.length },
        'update log write failed',
      );
      // Refused unwritten while storage recovers from someone's failed write: "try again".
      this.#fail(
        error instanceof StoreUnavailableError
          ? CloseReason.storageUnavailable
          : CloseReason.storageFailed,
      );
      return;
    } finally {
      stopTimer();
    }
    this.#end = end;
    this.#tailCount += batch.length;
    for (const update of batch) {
      this.#tailBytes += update.byteLength;
      this.#unwrittenBytes -= update.byteLength;
    }
    // Applied and sent only now that they are stored: a crash loses nothing a client has seen.
    if (!this.#applyStored(batch)) return;
    this.#admission.applied(batch.length);
    // Encoded once, then one write per socket for the whole batch: a burst of strokes costs
    // each reader one system call instead of one per stroke.
    const frames = batch.map(encodeSyncUpdate);
    for (const peer of this.#peers.keys()) peer.sendAll(frames, 'sync');
    if (this.#needsCompaction()) void this.compact();
  }

  /**
   * Integrates stored updates. validateUpdate refuses every poisonous update known, but should
   * Yjs still throw here, the live doc may hold a half-applied transaction: fail the room so
   * that every client resyncs against a fresh load, rather than relay a doc we cannot trust.
   */
  #applyStored(batch: Uint8Array[]): boolean {
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
  #fail(reason: CloseReason = CloseReason.storageFailed): void {
    this.#state = 'failed';
    this.#pending = [];
    for (const peer of [...this.#peers.keys()]) peer.close(reason);
    this.#peers.clear();
    this.#destroy();
    this.#options.onEmpty(this);
  }

  #needsCompaction(): boolean {
    return worthFoldingNow(this.#logShape(), this.#options);
  }

  #logShape(): LogShape {
    return {
      snapshotBytes: this.#snapshotBytes,
      tailCount: this.#tailCount,
      tailBytes: this.#tailBytes,
    };
  }

  /** Folds the log into a snapshot in the background; a failure leaves the log as it was. */
  compact(): Promise<void> {
    if (this.#compacting) return this.#compacting;
    if (this.#tailCount === 0 || this.#state === 'failed' || this.#state === 'closed') {
      return Promise.resolve();
    }
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    const end = this.#end;
    const folded = { count: this.#tailCount, bytes: this.#tailBytes };
    const deletions = this.#fullCompaction.snapshotTaken(this.#unwrittenBytes === 0);
    this.#compacting = this.#options.store
      .compact(this.name, snapshot, end)
      .then(
        () => {
          this.#snapshotBytes = snapshot.byteLength;
          this.#tailCount -= folded.count;
          this.#tailBytes -= folded.bytes;
          this.#fullCompaction.folded(deletions);
        },
        (error: unknown) => {
          this.#options.metrics.errors.labels('storage_compact').inc();
          this.#options.logger.error(
            { err: error, room: this.name },
            'compaction failed; log kept',
          );
        },
      )
      .finally(() => {
        this.#compacting = null;
      });
    return this.#compacting;
  }

  /** Waits until every update received so far is stored (and applied). */
  async drainWrites(): Promise<void> {
    while (this.#writing || this.#pending.length > 0) {
      if (!this.#writing) this.#startWrite();
      await this.#writing;
    }
  }

  /**
   * Stores everything and releases the doc. With `closeWith`, remaining peers are closed once
   * their updates are stored (shutdown); without, the room is already empty (unload).
   */
  async unload(closeWith?: CloseReason): Promise<void> {
    if (this.#state !== 'ready') return;
    this.#state = 'draining';
    await this.drainWrites();
    if (this.#state !== 'draining') return; // a write failed meanwhile and cleaned up
    // Closing in the same turn as the drain ends: no message can arrive between the two.
    if (closeWith) for (const peer of [...this.#peers.keys()]) peer.close(closeWith);
    this.#peers.clear();
    // Only a tail worth folding is folded: rewriting a big room for a few small updates cost
    // more than every load it could save.
    if (worthFoldingOnUnload(this.#logShape(), this.#options.maxRoomBytes)) await this.compact();
    this.#destroy();
    this.#state = 'closed';
  }

  #destroy(): void {
    this.awareness.off('update', this.#onAwarenessUpdate);
    this.awareness.off('change', this.#onAwarenessChange);
    if (this.#renewalTimer) clearTimeout(this.#renewalTimer);
    if (this.#fullCompactionTimer) clearTimeout(this.#fullCompactionTimer);
    this.#fullCompactionTimer = null;
    this.#answers.destroy();
    this.#presenceSnapshot = null;
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/**
 * The client ids a peer owns after an awareness change it sent, in time linear in the change
 * (an 80,000-id frame took 43 s with includes + concat per id). After a removal the server keeps
 * the clock, so a returning client shows up as "updated". The same array comes back when nothing
 * changed; otherwise an exact-size one.
 */
export function ownedAfter(
  owned: readonly number[],
  changes: { added: number[]; updated: number[]; removed: number[] },
): readonly number[] {
  const next = new Set(owned);
  for (const id of changes.added) next.add(id);
  for (const id of changes.updated) next.add(id);
  for (const id of changes.removed) next.delete(id);
  if (next.size === owned.length && owned.every((id) => next.has(id))) return owned;
  return [...next];
}
