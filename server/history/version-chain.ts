import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { deleteSectionOf, deletionsSince, withDeletions } from './delete-ranges.ts';
import type { RewrittenVersion } from './version-store.ts';
import type { StoredVersion, VersionFrame } from './version.ts';

/**
 * How versions are kept small: each is stored as a Yjs diff against the version saved before it
 * (Y.encodeStateAsUpdate(doc, previous state vector)), with a whole-document keyframe every
 * KEYFRAME_EVERY versions, or whenever the diff is not smaller than the whole document. Reading
 * a version merges its keyframe and the diffs after it. Removing a version (thinning) merges its
 * payload into the next kept one, so every later version still reads the same.
 *
 * A payload is varUint8Array(state vector of the version's whole document) then
 * varUint8Array(update), and on the newest version only, varUint8Array(its whole delete set
 * section): the state vector and delete set are what the next diff is taken against. A diff
 * keeps only the deletions made since the version before it (delete-ranges.ts): Yjs would put
 * the board's whole delete set in each, which is most of a diff of a big board.
 *
 * Measured (history-size.test.ts, strokes of 40 points): see README "History".
 */

/**
 * At most this many diffs follow a keyframe: reading a version merges up to that many payloads.
 * A diff holds only what changed (1.8 KB for five strokes drawn and two erased, on a 1,000- or a
 * 10,000-stroke board alike), while a keyframe is the whole board (3.3 MB at 10,000 strokes):
 * with one every 20 versions, keyframes were 90 % of what history stored. At 100 (a day of
 * 5-minute versions is 288, thinned to one an hour after that), a read merges at most ~400 KB
 * of small diffs onto one keyframe.
 */
export const KEYFRAME_EVERY = 100;

export interface VersionPayload {
  readonly stateVector: Uint8Array;
  readonly update: Uint8Array;
  /** The whole document's delete set section: kept on the newest version only. */
  readonly deletes?: Uint8Array;
}

export function encodePayload(payload: VersionPayload): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint8Array(encoder, payload.stateVector);
  encoding.writeVarUint8Array(encoder, payload.update);
  if (payload.deletes) encoding.writeVarUint8Array(encoder, payload.deletes);
  return encoding.toUint8Array(encoder);
}

/** A payload without the delete set that only the newest version needs. */
export function withoutTip(payload: Uint8Array): Uint8Array | null {
  const decoded = decodePayload(payload);
  if (!decoded.deletes) return null;
  return encodePayload({ stateVector: decoded.stateVector, update: decoded.update });
}

export function decodePayload(bytes: Uint8Array): VersionPayload {
  try {
    const decoder = decoding.createDecoder(bytes);
    const stateVector = decoding.readVarUint8Array(decoder);
    const update = decoding.readVarUint8Array(decoder);
    if (!decoding.hasContent(decoder)) return { stateVector, update };
    const deletes = decoding.readVarUint8Array(decoder);
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
    return { stateVector, update, deletes };
  } catch (error) {
    throw new Error('stored version payload is malformed', { cause: error });
  }
}

/** The last version of a room, as the next one is taken against it. */
export interface ChainTip {
  readonly stateVector: Uint8Array;
  /** Its delete set section; null for a version saved without one (then a diff keeps Yjs's). */
  readonly deletes: Uint8Array | null;
  /** Diffs saved since the last keyframe. */
  readonly diffsSinceKey: number;
}

/** How many diffs follow the last keyframe of `versions` (oldest first). */
export function diffsSinceKey(versions: readonly StoredVersion[]): number {
  let count = 0;
  for (let i = versions.length - 1; i >= 0 && versions[i]!.frame === 'diff'; i--) count++;
  return count;
}

/** A document at one moment: its whole state as one update, state vector and delete set. */
export interface DocState {
  readonly whole: Uint8Array;
  readonly stateVector: Uint8Array;
  readonly deletes: Uint8Array;
}

export function stateOf(doc: Y.Doc): DocState {
  return {
    whole: Y.encodeStateAsUpdate(doc),
    stateVector: Y.encodeStateVector(doc),
    deletes: deleteSectionOf(doc),
  };
}

/** A new version of a document: its frame and payload. */
export function nextVersion(
  state: DocState,
  tip: ChainTip | null,
): { readonly frame: VersionFrame; readonly payload: Uint8Array } {
  const { whole, stateVector, deletes } = state;
  const key = {
    frame: 'key' as const,
    payload: encodePayload({ stateVector, update: whole, deletes }),
  };
  if (tip === null || tip.diffsSinceKey + 1 >= KEYFRAME_EVERY) return key;
  if (isAhead(tip.stateVector, stateVector)) return key;
  const full = Y.diffUpdate(whole, tip.stateVector);
  const diff =
    (tip.deletes && withDeletions(full, deletes, deletionsSince(deletes, tip.deletes))) ?? full;
  if (diff.byteLength >= whole.byteLength) return key;
  return { frame: 'diff', payload: encodePayload({ stateVector, update: diff, deletes }) };
}

/**
 * Whether the last version holds a clock the document lacks: the room's storage lost data since
 * (or was replaced), and a diff against it would leave that out. Then a keyframe.
 */
function isAhead(tip: Uint8Array, current: Uint8Array): boolean {
  const now = Y.decodeStateVector(current);
  for (const [client, clock] of Y.decodeStateVector(tip)) {
    if ((now.get(client) ?? 0) < clock) return true;
  }
  return false;
}

/**
 * The versions whose payloads make version `id`: its keyframe and the diffs after it, in order;
 * null when `versions` lacks it or it has no keyframe before it (a broken chain).
 */
export function chainOf(versions: readonly StoredVersion[], id: string): StoredVersion[] | null {
  const index = versions.findIndex((version) => version.id === id);
  if (index < 0) return null;
  for (let start = index; start >= 0; start--) {
    if (versions[start]!.frame === 'key') return versions.slice(start, index + 1);
  }
  return null;
}

/** The whole document of a chain's last version, as one update. */
export function readChain(payloads: readonly Uint8Array[]): Uint8Array {
  const updates = payloads.map((payload) => decodePayload(payload).update);
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}

/** What removing versions writes: what goes, and the kept versions that take their payloads. */
export interface RemovalPlan {
  readonly remove: readonly string[];
  readonly rewrite: readonly RewrittenVersion[];
}

/**
 * The ids whose payloads a removal of `remove` from `versions` needs: each removed diff or key
 * followed by a kept diff, and that kept diff.
 */
export function payloadsForRemoval(
  versions: readonly StoredVersion[],
  remove: ReadonlySet<string>,
): string[] {
  const needed: string[] = [];
  let carrying = false;
  for (const version of versions) {
    if (remove.has(version.id)) {
      needed.push(version.id);
      carrying = true;
    } else if (carrying) {
      if (version.frame === 'diff') needed.push(version.id);
      carrying = false;
    }
  }
  return needed;
}

/**
 * Removes `remove` from a chain: a removed run's payloads are merged into the next kept version,
 * which becomes a keyframe when the run started with one (a keyframe merged with diffs is the
 * whole document). A kept keyframe needs nothing of what came before it. A run at the end goes
 * with nothing to carry (nothing after it reads it).
 */
export function planRemoval(
  versions: readonly StoredVersion[],
  remove: ReadonlySet<string>,
  payloadOf: (id: string) => Uint8Array,
): RemovalPlan {
  const rewrite: RewrittenVersion[] = [];
  let run: { readonly startsWithKey: boolean; readonly updates: Uint8Array[] } | null = null;
  for (const version of versions) {
    if (remove.has(version.id)) {
      const update = decodePayload(payloadOf(version.id)).update;
      if (run) run.updates.push(update);
      else run = { startsWithKey: version.frame === 'key', updates: [update] };
      continue;
    }
    if (run && version.frame === 'diff') {
      const own = decodePayload(payloadOf(version.id));
      const merged = Y.mergeUpdates([...run.updates, own.update]);
      rewrite.push({
        version: { ...version, frame: run.startsWithKey ? 'key' : 'diff' },
        payload: encodePayload({ ...own, update: merged }),
      });
    }
    run = null;
  }
  return { remove: versions.filter((v) => remove.has(v.id)).map((v) => v.id), rewrite };
}
