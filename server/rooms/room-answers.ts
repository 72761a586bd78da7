import type * as Y from 'yjs';
import { CloseReason, RefusedError } from '../protocol/close-reasons.ts';
import type { Peer } from './peer.ts';
import { AnswerBudget, answerCost, type AnswerLimits } from './answer-budget.ts';
import type { PresenceSnapshot } from './presence-relay.ts';
import type { SharedFrames } from './shared-frames.ts';
import { SyncAnswers } from './sync-answers.ts';

/**
 * What a room answers when a peer asks (sync step 1, query-awareness), charged to that peer's
 * answer budget: a peer that asks for the whole room over and over is refused (1008).
 */
export class RoomAnswers {
  /**
   * Answers to sync step 1, kept until the doc next changes: everyone opening a room link at once
   * gets the same bytes, encoded (and framed) once.
   */
  // Held (with its framed copy, see shared-frames.ts) until the next change: about twice
  // the room's encoded size while a served room sits idle, traded for not encoding again.
  readonly #sync: SyncAnswers;
  readonly #limits: AnswerLimits;
  /** What each peer may still ask for; weak, so a peer's budget goes with it. */
  readonly #budgets = new WeakMap<Peer, AnswerBudget>();
  /** Hears every sync answer that cost an encoding (relay_sync_encodings_total). */
  readonly #onEncoded: () => void;

  constructor(doc: Y.Doc, limits: AnswerLimits, onEncoded: () => void = () => undefined) {
    this.#sync = new SyncAnswers(doc);
    this.#limits = limits;
    this.#onEncoded = onEncoded;
  }

  /** See SyncAnswers.seedFullState: a room loaded from one stored update. */
  seedFullState(update: Uint8Array): void {
    this.#sync.seedFullState(update);
  }

  /** The sync step 2 frame answering `stateVector`; throws ProtocolError for a bad one. */
  sync(peer: Peer, stateVector: Uint8Array): SharedFrames {
    const budget = this.#budget(peer);
    const { frame, encoded } = this.#sync.answer(stateVector);
    if (encoded) this.#onEncoded();
    this.#charge(budget, frame.byteLength, encoded);
    return frame;
  }

  /** Everyone's presence, for a peer that asked for it. */
  presence(peer: Peer, source: { everyone(): PresenceSnapshot }): SharedFrames {
    const budget = this.#budget(peer);
    const { frames, encoded } = source.everyone();
    this.#charge(budget, frames.byteLength, encoded);
    return frames;
  }

  destroy(): void {
    this.#sync.destroy();
  }

  /** The peer's answer budget; refuses (1008) a peer that has spent it. */
  #budget(peer: Peer): AnswerBudget {
    const now = performance.now();
    let budget = this.#budgets.get(peer);
    if (!budget) {
      budget = new AnswerBudget(this.#limits, now);
      this.#budgets.set(peer, budget);
    }
    if (!budget.canAnswer(now)) {
      throw new RefusedError(
        CloseReason.answerBudget,
        `asked for more than ${this.#limits.answerBurstFullStates} full states of the room at once`,
      );
    }
    return budget;
  }

  #charge(budget: AnswerBudget, bytes: number, encoded: boolean): void {
    budget.spend(performance.now(), answerCost(bytes, this.#sync.fullStateBytes, encoded));
  }
}
