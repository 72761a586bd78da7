import * as Y from 'yjs';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import {
  SnapshotAheadError,
  type DocStore,
  type LogPosition,
  type StoredRoom,
} from '../storage/doc-store.ts';
import {
  worthFoldingNow,
  worthFoldingOnUnload,
  type CompactionThresholds,
  type LogShape,
} from './compaction-policy.ts';
import { FullRoomCompaction } from './full-room-compaction.ts';

export interface LogCompactionOptions extends CompactionThresholds {
  readonly store: DocStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Stored bytes (snapshot plus log) past which updates that add content are refused (4413). */
  readonly maxRoomBytes: number;
}

/**
 * idle:     no fold under way
 * folding:  a snapshot was taken and is being stored
 * stopped:  the room failed or closed; nothing more is folded
 */
type FoldState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'folding'; readonly done: Promise<void> }
  | { readonly kind: 'stopped' };

/** The states that carry nothing, shared by every room. */
const IDLE = { kind: 'idle' } as const;
const STOPPED = { kind: 'stopped' } as const;

/**
 * A room's stored log as the room knows it (snapshot and tail sizes, how far it reaches), and
 * when to fold it into a new snapshot: by the compaction policy while in use, when refusing
 * growth frees space (FullRoomCompaction), and on unload. A failed fold leaves the log as it was.
 */
export class LogCompaction {
  readonly #room: string;
  readonly #doc: Y.Doc;
  readonly #options: LogCompactionOptions;
  /** Updates accepted but not stored yet: a snapshot taken now does not hold them. */
  readonly #writes: { readonly unwrittenBytes: number };
  /** Just past every log entry the doc holds: what a fold covers, in the store's terms. */
  #end: LogPosition;
  #snapshotBytes: number;
  #tailCount: number;
  #tailBytes: number;
  #state: FoldState = IDLE;
  /** When refusing growth (4413) folds the log, so that what people erased frees space. */
  readonly #forSpace: FullRoomCompaction;
  #forSpaceTimer: NodeJS.Timeout | null = null;
  // Handed to timers and promises, so bound once per room.
  readonly #onForSpaceDue = this.#forSpaceDue.bind(this);
  readonly #onFold = this.#startFold.bind(this);

  constructor(
    room: string,
    doc: Y.Doc,
    stored: StoredRoom,
    options: LogCompactionOptions,
    writes: { readonly unwrittenBytes: number },
  ) {
    this.#room = room;
    this.#doc = doc;
    this.#options = options;
    this.#writes = writes;
    this.#end = stored.end;
    this.#snapshotBytes = stored.snapshotBytes;
    this.#tailCount = stored.tailCount;
    this.#tailBytes = stored.tailBytes;
    this.#forSpace = new FullRoomCompaction(stored.tailCount);
  }

  /** What the room holds in storage: its snapshot and log tail. */
  get storedBytes(): number {
    return this.#snapshotBytes + this.#tailBytes;
  }

  /**
   * Updates the doc now holds were appended to the log, up to `end` (by this instance or another,
   * in the store's order: see RoomFanout.onRemote), so a fold up to `end` holds all it covers.
   */
  appended(updates: readonly Uint8Array[], end: LogPosition): void {
    this.#end = Math.max(this.#end, end);
    this.#tailCount += updates.length;
    for (const update of updates) this.#tailBytes += update.byteLength;
  }

  /** An accepted update deletes something: a fold for space could give it back. */
  deleted(): void {
    this.#forSpace.deleted();
  }

  /** Folds in the background if the tail has grown worth it. */
  foldIfDue(): void {
    if (worthFoldingNow(this.#shape(), this.#options)) void this.compact();
  }

  /** On unload: folds only a tail worth folding (see worthFoldingOnUnload). */
  async foldOnUnload(): Promise<void> {
    // Rewriting a big room for a few small updates cost more than every load it could save.
    if (worthFoldingOnUnload(this.#shape(), this.#options.maxRoomBytes)) await this.compact();
  }

  /** Folds the log into a snapshot in the background; a failure leaves the log as it was. */
  compact(): Promise<void> {
    if (this.#state.kind === 'folding') return this.#state.done;
    if (this.#state.kind === 'stopped' || this.#tailCount === 0) return Promise.resolve();
    const snapshot = Y.encodeStateAsUpdate(this.#doc);
    const end = this.#end;
    const folded = { count: this.#tailCount, bytes: this.#tailBytes };
    const deletions = this.#forSpace.snapshotTaken(this.#writes.unwrittenBytes === 0);
    const done = this.#options.store
      .compact(this.#room, snapshot, end)
      .then(
        () => {
          this.#snapshotBytes = snapshot.byteLength;
          this.#tailCount -= folded.count;
          this.#tailBytes -= folded.bytes;
          this.#forSpace.folded(deletions);
        },
        (error: unknown) => {
          if (error instanceof SnapshotAheadError) {
            // Another instance stored a snapshot past this fold (cluster mode): what this one
            // would fold is covered already, so it is done, not a storage failure.
            this.#tailCount -= folded.count;
            this.#tailBytes -= folded.bytes;
            this.#options.logger.debug({ room: this.#room }, 'compaction covered by another');
            return;
          }
          this.#options.metrics.errors.labels('storage_compact').inc();
          this.#options.logger.error(
            { err: error, room: this.#room },
            'compaction failed; log kept',
          );
        },
      )
      .finally(() => {
        if (this.#state.kind === 'folding') this.#state = IDLE;
      });
    this.#state = { kind: 'folding', done };
    return done;
  }

  /**
   * An update was refused for the room's size: folds the log now, or once the interval since
   * the last such fold is up (see FullRoomCompaction).
   */
  foldForSpace(): void {
    // A fold under way took its snapshot before this: a refusal after it decides again.
    if (this.#state.kind !== 'idle' || this.#forSpaceTimer) return;
    const wait = this.#forSpace.refused(performance.now());
    if (wait === null) return;
    if (wait === 0) {
      this.#startFold();
      return;
    }
    this.#forSpaceTimer = setTimeout(this.#onForSpaceDue, wait);
    this.#forSpaceTimer.unref();
  }

  /** No fold for space any more: the room is unloading, and folds once more on its own. */
  cancelScheduled(): void {
    if (this.#forSpaceTimer) clearTimeout(this.#forSpaceTimer);
    this.#forSpaceTimer = null;
  }

  /** The room failed or closed. A fold under way finishes; none starts. */
  stop(): void {
    this.cancelScheduled();
    this.#state = STOPPED;
  }

  #shape(): LogShape {
    return {
      snapshotBytes: this.#snapshotBytes,
      tailCount: this.#tailCount,
      tailBytes: this.#tailBytes,
    };
  }

  #forSpaceDue(): void {
    this.#forSpaceTimer = null;
    if (this.#state.kind === 'stopped' || !this.#forSpace.due(performance.now())) return;
    // One under way may have taken its snapshot before the latest deletions: this one follows.
    if (this.#state.kind === 'folding') void this.#state.done.then(this.#onFold);
    else this.#startFold();
  }

  /** Called from a refusal, a timer and a promise: its own error boundary. */
  #startFold(): void {
    try {
      void this.compact();
    } catch (error) {
      this.#options.metrics.errors.labels('internal').inc();
      this.#options.logger.error({ err: error, room: this.#room }, 'starting a compaction failed');
    }
  }
}
