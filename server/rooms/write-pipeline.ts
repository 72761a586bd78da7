import type { AuthorBinding, AuthorStore } from '../authors/author-store.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { CloseReason } from '../protocol/close-reasons.ts';
import { StoreUnavailableError, type DocStore, type LogPosition } from '../storage/doc-store.ts';

/** Most updates one log write carries; the rest wait for the next. */
const MAX_BATCH_UPDATES = 512;

export interface WritePipelineOptions {
  readonly store: DocStore;
  readonly authors: AuthorStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** What the pipeline tells its room. */
export interface WriteOutcomes {
  /**
   * A batch is in the log, up to `end`: resolves once the updates other instances stored before
   * it have been applied (RoomFanout.ordered), null when they have. Rejecting fails the room.
   */
  ordered(end: LogPosition): Promise<void> | null;
  /**
   * `batch` is in the log, up to `end`, and `bindings` before it: apply it and send it on. A
   * throw fails the room.
   */
  stored(batch: Uint8Array[], end: LogPosition, bindings: readonly AuthorBinding[]): void;
  /** A write failed, or the pipeline broke: the room must not go on serving. */
  failed(reason: CloseReason): void;
}

/**
 * idle:       nothing to write, or waiting for someone to enqueue
 * scheduled:  a write starts at the end of this turn
 * writing:    a batch is in the store's hands; what arrives meanwhile waits for the next
 * stopped:    the room failed or closed; nothing more is written
 */
type WriteState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'scheduled' }
  | { readonly kind: 'writing'; readonly done: Promise<void> }
  | { readonly kind: 'stopped' };

/** The states that carry nothing, shared by every room. */
const IDLE = { kind: 'idle' } as const;
const SCHEDULED = { kind: 'scheduled' } as const;
const STOPPED = { kind: 'stopped' } as const;

/**
 * A room's updates on their way to the log. Writes start once the socket read that brought an
 * update is handled, so every message of that read shares the write. Later updates gather while
 * one is in flight and go together next: under load batches grow, and an idle room waits for no
 * timer.
 */
export class WritePipeline {
  readonly #room: string;
  readonly #options: WritePipelineOptions;
  readonly #outcomes: WriteOutcomes;
  #state: WriteState = IDLE;
  #pending: Uint8Array[] = [];
  /** Client ids bound by the pending updates, each beside the index of the update that bound it. */
  #pendingBindings: { readonly at: number; readonly binding: AuthorBinding }[] = [];
  /**
   * Work that must be done before a pending update is written (a version of the board before a
   * mass delete), beside that update's index: it runs once everything before it is stored and
   * applied, so it sees the room exactly as the update will find it.
   */
  #pendingBefore: { readonly at: number; readonly run: () => Promise<void> }[] = [];
  #unwrittenBytes = 0;
  // Handed to queueMicrotask, so bound once per room.
  readonly #start = this.#writeNextBatch.bind(this);

  constructor(room: string, options: WritePipelineOptions, outcomes: WriteOutcomes) {
    this.#room = room;
    this.#options = options;
    this.#outcomes = outcomes;
  }

  /** Bytes accepted but not stored yet: with what is stored, the room's size. */
  get unwrittenBytes(): number {
    return this.#unwrittenBytes;
  }

  /**
   * Queues `update` for the log; `bindings` (the client ids its sender first wrote under) are
   * stored before it, so no stored struct ever lacks its author. `before`, if given, runs once
   * every update queued earlier is stored and applied, and the update is written after it
   * settles (whether it succeeds is its own business: it must handle its errors).
   */
  enqueue(
    update: Uint8Array,
    bindings: readonly AuthorBinding[] = [],
    before?: () => Promise<void>,
  ): void {
    if (this.#state.kind === 'stopped') return;
    this.#unwrittenBytes += update.byteLength;
    for (const binding of bindings)
      this.#pendingBindings.push({ at: this.#pending.length, binding });
    if (before) this.#pendingBefore.push({ at: this.#pending.length, run: before });
    this.#pending.push(update);
    if (this.#state.kind !== 'idle') return;
    this.#state = SCHEDULED;
    queueMicrotask(this.#start);
  }

  /** Waits until every update enqueued so far is stored (and handed to `stored`). */
  async drain(): Promise<void> {
    for (;;) {
      if (this.#state.kind === 'stopped') return;
      if (this.#state.kind !== 'writing') {
        if (this.#pending.length === 0) return;
        this.#writeNextBatch();
        continue;
      }
      await this.#state.done;
    }
  }

  /** Drops what waits: the room failed or closed. */
  stop(): void {
    this.#state = STOPPED;
    this.#pending = [];
    this.#pendingBindings = [];
    this.#pendingBefore = [];
  }

  #writeNextBatch(): void {
    // A microtask: its own error boundary, like every callback nothing else would catch.
    try {
      this.#startNextBatch();
    } catch (error) {
      this.#options.metrics.errors.labels('internal').inc();
      this.#options.logger.error({ err: error, room: this.#room }, 'write scheduling failed');
      this.#outcomes.failed(CloseReason.internalError);
    }
  }

  #startNextBatch(): void {
    const state = this.#state;
    if (state.kind === 'writing' || state.kind === 'stopped') return;
    if (this.#pending.length === 0) {
      this.#state = IDLE;
      return;
    }
    // Bounded, so a flood that piled up behind a slow write is stored and relayed in steps; and
    // cut before an update that waits for work of its own, which then heads the next batch.
    const [first] = this.#pendingBefore;
    const before = first?.at === 0 ? first.run : null;
    const cut = this.#pendingBefore.find((entry) => entry.at > 0)?.at ?? MAX_BATCH_UPDATES;
    const batch = this.#pending.splice(0, Math.min(MAX_BATCH_UPDATES, cut));
    const bindings = this.#takeBindings(batch.length);
    this.#pendingBefore = this.#pendingBefore
      .filter((entry) => entry.at >= batch.length)
      .map((entry) => ({ at: entry.at - batch.length, run: entry.run }));
    // Without work to wait for, the write starts in this turn, as it always did.
    const written = before
      ? Promise.resolve()
          .then(before)
          // The room may have failed or closed while `before` ran: then nothing more is written.
          .then(() => (this.#state.kind === 'stopped' ? undefined : this.#write(batch, bindings)))
      : this.#write(batch, bindings);
    const done = written
      .catch((error: unknown) => {
        // #write handles storage failures itself; anything else (applying, relaying) is a bug,
        // and a room in an unknown state must not keep serving.
        this.#options.metrics.errors.labels('internal').inc();
        this.#options.logger.error({ err: error, room: this.#room }, 'write pipeline failed');
        this.#outcomes.failed(CloseReason.internalError);
      })
      .finally(() => {
        if (this.#state.kind !== 'writing') return;
        this.#state = IDLE;
        if (this.#pending.length > 0) this.#start();
      });
    this.#state = { kind: 'writing', done };
  }

  /** The bindings of the first `count` pending updates; the rest renumbered for what is left. */
  #takeBindings(count: number): AuthorBinding[] {
    const taken: AuthorBinding[] = [];
    const left: { readonly at: number; readonly binding: AuthorBinding }[] = [];
    for (const entry of this.#pendingBindings) {
      if (entry.at < count) taken.push(entry.binding);
      else left.push({ at: entry.at - count, binding: entry.binding });
    }
    this.#pendingBindings = left;
    return taken;
  }

  async #write(batch: Uint8Array[], bindings: readonly AuthorBinding[]): Promise<void> {
    const { store, authors, metrics, logger } = this.#options;
    const stopTimer = metrics.storageWriteSeconds.startTimer();
    let end: LogPosition;
    try {
      // Awaited first: should the process die between the two, an id is bound with nothing
      // written under it yet, which is harmless; the other order could lose who wrote a struct.
      // Bindings are rare (a client id's first write), so most batches skip this.
      if (bindings.length > 0) await authors.bind(this.#room, bindings);
      end = await store.append(this.#room, batch, bindings);
    } catch (error) {
      metrics.errors.labels('storage_write').inc();
      logger.error(
        { err: error, room: this.#room, updates: batch.length },
        'update log write failed',
      );
      // Refused unwritten while storage recovers from someone's failed write: "try again".
      this.#outcomes.failed(
        error instanceof StoreUnavailableError
          ? CloseReason.storageUnavailable
          : CloseReason.storageFailed,
      );
      return;
    } finally {
      stopTimer();
    }
    try {
      // The other instances' updates before this batch first: applied in the log's order, the
      // room never folds past an update it has not applied (several instances: issue 12).
      const ordered = this.#outcomes.ordered(end);
      if (ordered) await ordered;
    } catch (error) {
      metrics.errors.labels('fanout').inc();
      logger.error({ err: error, room: this.#room }, 'updates stored before a write were not read');
      // Stored, so the clients find it on reconnecting: they start over on a fresh load.
      this.#outcomes.failed(CloseReason.redisUnavailable);
      return;
    }
    for (const update of batch) this.#unwrittenBytes -= update.byteLength;
    // Stopped meanwhile (the room failed): nothing stored is applied to a dropped doc.
    if (this.#state.kind === 'stopped') return;
    this.#outcomes.stored(batch, end, bindings);
  }
}
