/**
 * Reading and writing the identity in Web Storage. If storage is unavailable (blocked cookies,
 * private mode, a full quota) the identity still works for the page and the failure is
 * reported rather than thrown: a whiteboard that refuses to open over a remembered name would
 * be worse than one that forgets it.
 */
import { randomIdentity, reviveIdentity, type Identity, type RandomSource } from './identity.ts';

export const STORAGE_KEY = 'whiteboard.identity';

/** The part of `Storage` the identity needs; tests pass a Map-backed fake. */
export type IdentityStorage = Pick<Storage, 'getItem' | 'setItem'>;

export type StorageProblemReporter = (message: string, error: unknown) => void;

export interface LoadedIdentity {
  readonly identity: Identity;
  /** False if it could not be saved: it lasts only as long as this page. */
  readonly persisted: boolean;
}

/**
 * The remembered identity, repaired field by field where needed and saved back if anything had
 * to be generated, so the user id stays stable from the very first visit.
 */
export function loadIdentity(
  storage: IdentityStorage | null,
  onProblem: StorageProblemReporter,
  random: RandomSource = Math.random,
): LoadedIdentity {
  const stored = readStored(storage, onProblem);
  const identity = reviveIdentity(stored, () => randomIdentity(random));
  const unchanged = JSON.stringify(stored) === JSON.stringify(identity);
  const persisted = unchanged ? storage !== null : saveIdentity(storage, identity, onProblem);
  return { identity, persisted };
}

/** Returns whether the identity is now in storage. */
export function saveIdentity(
  storage: IdentityStorage | null,
  identity: Identity,
  onProblem: StorageProblemReporter,
): boolean {
  if (!storage) return false;
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(identity));
    return true;
  } catch (error) {
    onProblem('Could not save your name and colour; they last only for this page', error);
    return false;
  }
}

/** `localStorage`, or null where merely touching it throws (storage blocked for the site). */
export function browserStorage(onProblem: StorageProblemReporter): IdentityStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch (error) {
    onProblem('Storage is blocked; your name and colour last only for this page', error);
    return null;
  }
}

function readStored(storage: IdentityStorage | null, onProblem: StorageProblemReporter): unknown {
  if (!storage) return null;
  let text: string | null;
  try {
    text = storage.getItem(STORAGE_KEY);
  } catch (error) {
    onProblem('Could not read your saved name and colour; using new ones', error);
    return null;
  }
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    onProblem('Your saved name and colour were unreadable; using new ones', error);
    return null;
  }
}
