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
}

/** This visitor's identity (see identity.ts) as reactive state, saved on every change. */
export class IdentityStore {
  readonly #storage: IdentityStorage | null;
  readonly #onProblem: StorageProblemReporter;
  #identity: Identity;
  #persisted: boolean;

  constructor(options: IdentityStoreOptions = {}) {
    this.#onProblem = options.onProblem ?? ((message, error) => console.warn(message, error));
    this.#storage =
      options.storage === undefined ? browserStorage(this.#onProblem) : options.storage;
    const loaded = loadIdentity(this.#storage, this.#onProblem, options.random);
    this.#identity = $state.raw(loaded.identity);
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
    if (name === null) return false;
    if (name !== this.#identity.name) this.#update({ ...this.#identity, name });
    return true;
  }

  /** Sets a `#rrggbb` colour; returns false (changing nothing) for anything else. */
  recolor(color: string): boolean {
    if (!isHexColor(color)) return false;
    const normalized = color.toLowerCase();
    if (normalized !== this.#identity.color) this.#update({ ...this.#identity, color: normalized });
    return true;
  }

  #update(identity: Identity): void {
    this.#identity = identity;
    this.#persisted = saveIdentity(this.#storage, identity, this.#onProblem);
  }
}
