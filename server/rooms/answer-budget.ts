/**
 * What one connection may make its room send it on request (a sync step 2 for its step 1, a
 * presence snapshot for query-awareness), counted in full states of the room rather than in
 * messages: an 8-byte step 1 naming an unknown client used to cost a re-encode of the whole room
 * (34 ms of CPU, 1.9 MB out on 10,000 strokes), and 300 of them, well inside the message rate
 * limit, stalled every room for 7.7 s. A client needs one full state per connection; this lets it
 * ask for a few at once and one more every `answerRefillSeconds`.
 */

export interface AnswerLimits {
  /** Answers one connection may ask for at once, in full states of its room. */
  readonly answerBurstFullStates: number;
  /** Seconds a connection waits to earn back one full state. */
  readonly answerRefillSeconds: number;
}

/**
 * A room smaller than this is counted as this big. Encoding a room takes 18–32 ns a byte (10,000
 * strokes, 3.5 MB: 64–111 ms on the shared 2-core test machine), so 256 KiB is 5–8 ms: the burst
 * a connection gets in a small room stays a few milliseconds of work, and an honest client in a
 * room that has grown since its size was last known still fits.
 */
export const MIN_FULL_STATE_BYTES = 256 * 1024;

/**
 * Least an answer the room encodes afresh costs, in full states. Whatever it holds, a diff
 * encodes the room's whole delete set and walks all of its structs: on 10,000 strokes an answer
 * of nothing new took 7.8 ms against 111 ms for the full state (7 %), yet is 2 % of its bytes.
 * A quarter keeps a sender of ever-different state vectors to 16 encodes in a default burst.
 */
export const MIN_ENCODED_ANSWER_COST = 1 / 4;

/** What an answer of `bytes` costs, in full states of a room whose full state is `fullStateBytes`. */
export function answerCost(bytes: number, fullStateBytes: number, encoded: boolean): number {
  const cost = Math.min(1, bytes / Math.max(fullStateBytes, MIN_FULL_STATE_BYTES));
  return encoded ? Math.max(cost, MIN_ENCODED_ANSWER_COST) : cost;
}

/**
 * A token bucket of full states that may go into debt by one answer: the cost of an answer is
 * known only once it is encoded, so a connection with anything left is answered and pays after.
 * It gets at most its burst plus one answer at once. The clock is passed in, so tests drive time.
 */
export class AnswerBudget {
  readonly #burst: number;
  readonly #perMs: number;
  #left: number;
  #last: number;

  constructor(limits: AnswerLimits, now: number) {
    this.#burst = limits.answerBurstFullStates;
    this.#perMs = 1 / (limits.answerRefillSeconds * 1000);
    this.#left = this.#burst;
    this.#last = now;
  }

  /** True while anything is left to spend. */
  canAnswer(now: number): boolean {
    this.#refill(now);
    return this.#left > 0;
  }

  spend(now: number, fullStates: number): void {
    this.#refill(now);
    this.#left -= fullStates;
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#last);
    this.#last = now;
    this.#left = Math.min(this.#burst, this.#left + elapsed * this.#perMs);
  }
}
