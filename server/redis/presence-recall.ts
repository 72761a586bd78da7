/**
 * How often one instance answers recalls (bus-wire.ts) for one room. Instances open a room in
 * bursts (a join storm reaching every instance at once, a restart), and each answer republishes
 * every cursor of this instance in that room to all the others: at most one answer per room per
 * RECALL_WINDOW_MS. A recall inside the window is not dropped: one answer goes at the window's
 * end, so an instance that subscribed just after the last answer still gets its own.
 */
export const RECALL_WINDOW_MS = 1000;

/**
 * answered:  the last answer went at `at` (performance.now()); `due` is the one promised for the
 *            end of the window, if a recall came inside it
 */
interface Window {
  at: number;
  due: NodeJS.Timeout | null;
}

export class RecallAnswers {
  readonly #windowMs: number;
  readonly #answer: (room: string) => void;
  readonly #windows = new Map<string, Window>();

  /** `answer`: sends this instance's presence in the room; its own error boundary. */
  constructor(answer: (room: string) => void, windowMs = RECALL_WINDOW_MS) {
    this.#answer = answer;
    this.#windowMs = windowMs;
  }

  /** Another instance recalled presence in `room`: answered now, or at the window's end. */
  recalled(room: string): void {
    const now = performance.now();
    const window = this.#windows.get(room);
    if (!window || now - window.at >= this.#windowMs) {
      if (window?.due) clearTimeout(window.due);
      this.#windows.set(room, { at: now, due: null });
      this.#answer(room);
      return;
    }
    if (window.due) return;
    window.due = setTimeout(
      () => {
        window.due = null;
        window.at = performance.now();
        this.#answer(room);
      },
      this.#windowMs - (now - window.at),
    );
    window.due.unref();
  }

  /** This instance left `room`: nothing more to answer there. */
  forget(room: string): void {
    const window = this.#windows.get(room);
    if (window?.due) clearTimeout(window.due);
    this.#windows.delete(room);
  }

  close(): void {
    for (const room of [...this.#windows.keys()]) this.forget(room);
  }
}
