import { isHexColor, normalizeName, type Identity, type RandomSource } from './identity.ts';
import {
  browserStorage,
  loadIdentity,
  saveIdentity,
  type IdentityStorage,
  type StorageProblemReporter,
} from './identity-storage.ts';

export interface IdentityStoreOptions {
  /** Default `localStorage`; null keeps the identity in memory only. */
  storage?: IdentityStorage | null;
  random?: RandomSource;
  /** Storage that cannot be read or written; default `console.warn`. */
  onProblem?: StorageProblemReporter;
  /**
   * A name and colour someone else decided: a token's claims (credentials/page-token.ts), which
   * the relay also writes into this connection's presence. They show instead of the remembered
   * ones, are never saved over them, and cannot be changed here. Invalid ones are ignored.
   */
  assigned?: { readonly name?: string; readonly color?: string };
}

/** This visitor's identity (see identity.ts) as reactive state, saved on every change. */
export class IdentityStore {
  readonly #storage: IdentityStorage | null;
  readonly #onProblem: StorageProblemReporter;
  #identity: Identity;
  #persisted: boolean;
  readonly #assigned: { readonly name: boolean; readonly color: boolean };
  /** The person's own identity, as stored: what an assigned field hides. */
  #own: Identity;

  constructor(options: IdentityStoreOptions = {}) {
    this.#onProblem = options.onProblem ?? ((message, error) => console.warn(message, error));
    this.#storage =
      options.storage === undefined ? browserStorage(this.#onProblem) : options.storage;
    const loaded = loadIdentity(this.#storage, this.#onProblem, options.random);
    const name = normalizeName(options.assigned?.name);
    const color = options.assigned?.color;
    this.#assigned = { name: name !== null, color: isHexColor(color) };
    this.#own = loaded.identity;
    this.#identity = $state.raw({
      ...loaded.identity,
      ...(name === null ? {} : { name }),
      ...(isHexColor(color) ? { color: color.toLowerCase() } : {}),
    });
    this.#persisted = $state(loaded.persisted);
  }

  get current(): Identity {
    return this.#identity;
  }

  /** Stable per browser: use it as the `author` of strokes. */
  get id(): string {
    return this.#identity.id;
  }

  get name(): string {
    return this.#identity.name;
  }

  get color(): string {
    return this.#identity.color;
  }

  /** False once saving failed: the identity lasts only as long as this page. */
  get persisted(): boolean {
    return this.#persisted;
  }

  /** Sets the tidied name; returns false (changing nothing) if it is empty or too long. */
  rename(raw: string): boolean {
    const name = normalizeName(raw);
    if (name === null || this.#assigned.name) return false;
    if (name !== this.#identity.name) this.#update({ ...this.#identity, name });
    return true;
  }

  /** Sets a `#rrggbb` colour; returns false (changing nothing) for anything else. */
  recolor(color: string): boolean {
    if (!isHexColor(color) || this.#assigned.color) return false;
    const normalized = color.toLowerCase();
    if (normalized !== this.#identity.color) this.#update({ ...this.#identity, color: normalized });
    return true;
  }

  /** Whether the name was assigned (a token's): then it cannot be changed here. */
  get nameAssigned(): boolean {
    return this.#assigned.name;
  }

  #update(identity: Identity): void {
    this.#identity = identity;
    // Assigned fields stay out of storage: the next board, opened without the token, shows the
    // person's own name again.
    this.#own = {
      ...identity,
      name: this.#assigned.name ? this.#own.name : identity.name,
      color: this.#assigned.color ? this.#own.color : identity.color,
    };
    const own = this.#own;
    this.#persisted = saveIdentity(this.#storage, own, this.#onProblem);
  }
}
