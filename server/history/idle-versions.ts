/**
 * When a room saves a version on its own: once it has been quiet for `idleMs` after changes, and
 * when it unloads with changes no version holds.
 *
 * clean:    every change is in a version
 * changed:  changes no version holds; the timer saves one once the room has been quiet
 * stopped:  the room is gone
 */
type IdleState =
  | { readonly kind: 'clean' }
  | { readonly kind: 'changed'; readonly timer: NodeJS.Timeout }
  | { readonly kind: 'stopped' };

const CLEAN = { kind: 'clean' } as const;
const STOPPED = { kind: 'stopped' } as const;

export class IdleVersions {
  readonly #idleMs: number;
  /** Saves a version of the room as it is now: reads the document before its first await. */
  readonly #save: () => Promise<unknown>;
  /** Hears a failed save; the changes then stay unsaved, for the next quiet spell. */
  readonly #failed: (error: unknown) => void;
  #state: IdleState = CLEAN;

  constructor(idleMs: number, save: () => Promise<unknown>, failed: (error: unknown) => void) {
    this.#idleMs = idleMs;
    this.#save = save;
    this.#failed = failed;
  }

  /** The room changed: a version is due once it has been quiet for idleMs. */
  changed(): void {
    if (this.#state.kind === 'stopped') return;
    if (this.#state.kind === 'changed') {
      // Quiet counts from the last change: one timer per room, moved rather than remade.
      this.#state.timer.refresh();
      return;
    }
    const timer = setTimeout(() => void this.#saveNow(), this.#idleMs);
    timer.unref();
    this.#state = { kind: 'changed', timer };
  }

  /** A version of the room as it is now was just taken by other means (named, before a delete). */
  saved(): void {
    if (this.#state.kind !== 'changed') return;
    clearTimeout(this.#state.timer);
    this.#state = CLEAN;
  }

  /** Saves a version now if changes wait for one (the room unloads); then stops. */
  async flush(): Promise<void> {
    const due = this.#state.kind === 'changed';
    this.stop();
    if (due) await this.#save().catch(this.#failed);
  }

  stop(): void {
    if (this.#state.kind === 'changed') clearTimeout(this.#state.timer);
    this.#state = STOPPED;
  }

  async #saveNow(): Promise<void> {
    if (this.#state.kind !== 'changed') return;
    this.#state = CLEAN;
    try {
      await this.#save();
    } catch (error) {
      this.#failed(error);
      // Still unsaved: the next change, or the unload, tries again.
      if (this.#state.kind === 'clean') this.changed();
    }
  }
}
