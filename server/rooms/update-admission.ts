/**
 * What an update may add to a room, checked against the room before it is stored (after the
 * update alone has passed validateUpdate):
 *
 * - new Yjs client ids: at most `maxNewClientsPerConnection` over a connection's lifetime
 *   (1008 `client_limit`). Every client id a document has ever seen costs every later
 *   transaction time: after one update brought 200,000, each ordinary update of that room took
 *   128 ms instead of 2.4 ms, for good, because it was stored.
 * - deletions: only of clocks the room holds, or is about to (1007 `unknown_deletion`,
 *   known-deletions.ts). So an update without structs deletes existing items, and may pass
 *   MAX_ROOM_BYTES: a full room can still be cleaned up.
 * - authorship: structs only under client ids the sender's identity holds or nobody does (4409
 *   `client_owned`, authors/room-authors.ts); re-sent structs the room holds are no claim
 *   (held-structs.ts), and deletions never are.
 * - nesting of shared types: at most MAX_TYPE_DEPTH (1007 `nesting_too_deep`).
 * - the whiteboard's own data (whiteboard-rules.ts, content-limits.ts): field types, points per
 *   stroke and strokes per room (1007 `whiteboard_content`).
 *
 * Checks read the room's document and the updates accepted before this one; nothing is changed
 * until `admit`, so a refused update leaves no trace.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MAX_POINTS_PER_STROKE, MAX_STROKES_PER_ROOM } from '../../web/src/model/content-limits.ts';
import { STROKES_KEY } from '../../web/src/model/schema.ts';
import { CloseReason, RefusedError } from '../protocol/close-reasons.ts';
import { RoomAuthors, type AuthorClaim } from '../authors/room-authors.ts';
import { DecodedUpdate, type DeleteSet } from './decoded-update.ts';
import { HeldStructs } from './held-structs.ts';
import type { Peer } from './peer.ts';
import { PendingDeletions, refuseUnknownDeletions } from './known-deletions.ts';
import { GONE, PlacementResolver, type Container, type KnownItems } from './placement.ts';
import { RoomDocItems } from './room-doc-items.ts';
import {
  UnappliedItems,
  type Accepted,
  type ChunkRecord,
  type ItemRecord,
} from './unapplied-items.ts';
import { pointsIn, whiteboardProblem } from './whiteboard-rules.ts';

export interface AdmissionLimits {
  /** Yjs client ids one connection may bring that the room has not seen (its own, plus those of its offline sessions). */
  readonly maxNewClientsPerConnection: number;
}

/** An update that passed every check, ready to be admitted. */
export interface CheckedUpdate extends Accepted {
  readonly peer: Peer;
  readonly newClients: readonly number[];
  /** False for an update that only deletes items the room holds (or repeats what it holds). */
  readonly addsStructs: boolean;
  /** Whether it names anything to delete. */
  readonly deletes: boolean;
  /** What it deletes (history/board-elements.ts counts the elements among it). */
  readonly deleteSet: DeleteSet;
  /** The client ids its sender's identity binds by writing under them first. */
  readonly authorship: AuthorClaim;
}

const NO_CLIENTS: readonly number[] = [];

export class UpdateAdmission {
  readonly #doc: Y.Doc;
  readonly #limits: AdmissionLimits;
  readonly #roomItems: RoomDocItems;
  readonly #unapplied = new UnappliedItems();
  readonly #known: KnownItems;
  readonly #pendingDeletions: PendingDeletions;
  readonly #authors: RoomAuthors;
  readonly #held: HeldStructs;
  /** The client ids each connection brought; weak, so a closed connection leaves nothing. */
  readonly #introduced = new WeakMap<Peer, readonly number[]>();
  /** Live strokes in the document, counted when needed and kept until it next changes. */
  #liveStrokes: number | null = null;

  constructor(doc: Y.Doc, limits: AdmissionLimits, authors = new RoomAuthors()) {
    this.#doc = doc;
    this.#limits = limits;
    this.#authors = authors;
    this.#held = new HeldStructs(doc, this.#unapplied);
    this.#roomItems = new RoomDocItems(doc);
    this.#pendingDeletions = new PendingDeletions(doc);
    const roomItems = this.#roomItems;
    const unapplied = this.#unapplied;
    this.#known = {
      landingOf: (id) => roomItems.landingOf(id) ?? unapplied.landingOf(id),
      containerAt: (id) => roomItems.containerAt(id) ?? unapplied.containerAt(id),
    };
  }

  /** Throws RefusedError or ProtocolError when `update` may not be stored; changes nothing. */
  check(peer: Peer, update: Uint8Array): CheckedUpdate {
    this.#refuseClientFlood(update);
    const decoded = DecodedUpdate.read(update, this.#doc.store);
    const newClients = this.#newClients(peer, decoded);
    const authorship = this.#authors.claim(peer.identity, this.#held.addedBy(decoded));
    refuseUnknownDeletions(
      decoded.deleteSet,
      (client) => this.#heldEnd(client, decoded),
      this.#pendingDeletions,
    );
    const resolver = new PlacementResolver(decoded, this.#known);
    const items: ItemRecord[] = [];
    const chunks: ChunkRecord[] = [];
    const pointLists = new Map<string, Container>();
    let strokes = 0;
    for (const struct of decoded.fresh) {
      const { client, clock } = struct.id;
      if (struct instanceof Y.GC)
        items.push({ client, clock, length: struct.length, landing: GONE, container: null });
      if (!(struct instanceof Y.Item)) continue;
      const landing = resolver.landingOf(struct);
      let container: Container | null = null;
      if (landing !== GONE) {
        const problem = whiteboardProblem(landing.container.role, landing.key, struct.content);
        if (problem) throw new RefusedError(CloseReason.whiteboardContent, problem);
        if (struct.content instanceof Y.ContentType)
          container = resolver.containerOf(struct, landing);
        const live = !decoded.deletes(struct.id);
        if (live && landing.container.role === 'points') {
          chunks.push({
            container: landing.container.key,
            id: struct.id,
            points: pointsIn(struct.content),
          });
          pointLists.set(landing.container.key, landing.container);
        }
        // Refused as soon as one update alone is over: the rest of it need not be resolved.
        if (live && container?.role === 'stroke' && ++strokes > MAX_STROKES_PER_ROOM) {
          this.#checkStrokes(strokes);
        }
      }
      items.push({ client, clock, length: struct.length, landing, container });
    }
    for (const list of pointLists.values()) this.#checkPoints(list, decoded, chunks);
    if (strokes > 0) this.#checkStrokes(strokes);
    return {
      peer,
      newClients,
      items,
      chunks,
      strokes,
      addsStructs: items.length > 0,
      deletes: decoded.deleteSet.clients.size > 0,
      deleteSet: decoded.deleteSet,
      authorship,
    };
  }

  /** Records a checked update as accepted: later updates may build on it. */
  admit(checked: CheckedUpdate): void {
    this.#unapplied.add(checked);
    this.#authors.bind(checked.authorship.bindings);
    if (checked.newClients.length > 0) {
      const owned = this.#introduced.get(checked.peer) ?? NO_CLIENTS;
      this.#introduced.set(checked.peer, [...owned, ...checked.newClients]);
    }
  }

  /** The oldest `count` admitted updates are now applied to the document. */
  applied(count: number): void {
    this.#unapplied.applied(count);
    this.#liveStrokes = null;
  }

  /**
   * An update starts with how many clients its structs belong to. Beyond every client the room
   * knows, that many are new for certain: refused on that count before decoding, a frame naming
   * 200,000 clients costs nothing (decoding it first took 400 ms).
   */
  #refuseClientFlood(update: Uint8Array): void {
    const known = this.#doc.store.clients.size + this.#unapplied.clients;
    if (clientsNamed(update) - known > this.#limits.maxNewClientsPerConnection) {
      throw new RefusedError(
        CloseReason.clientLimit,
        `update names more than ${this.#limits.maxNewClientsPerConnection} clients the room does not know`,
      );
    }
  }

  /**
   * The clock up to which the room will hold `client` once `decoded` is applied: its document,
   * then the accepted updates not applied yet, then this update, each as far as it continues.
   */
  #heldEnd(client: number, decoded: DecodedUpdate): number {
    const stored = Y.getState(this.#doc.store, client);
    return decoded.continuesTo(client, this.#unapplied.continuesTo(client, stored));
  }

  #newClients(peer: Peer, decoded: DecodedUpdate): readonly number[] {
    const owned = this.#introduced.get(peer) ?? NO_CLIENTS;
    const cap = this.#limits.maxNewClientsPerConnection;
    const added = new Set<number>();
    const consider = (client: number): void => {
      if (this.#doc.store.clients.has(client) || this.#unapplied.hasClient(client)) return;
      if (owned.includes(client) || added.has(client)) return;
      added.add(client);
      if (owned.length + added.size > cap) {
        throw new RefusedError(
          CloseReason.clientLimit,
          `connection would bring more than ${cap} new Yjs client ids`,
        );
      }
    };
    for (const client of decoded.clients) consider(client);
    for (const client of decoded.deleteSet.clients.keys()) consider(client);
    return added.size === 0 ? NO_CLIENTS : [...added];
  }

  /** The stroke whose points list is `list` may not hold more than MAX_POINTS_PER_STROKE. */
  #checkPoints(list: Container, decoded: DecodedUpdate, chunks: readonly ChunkRecord[]): void {
    let points = this.#unapplied.pointsIn(list.key, decoded);
    for (const chunk of chunks) if (chunk.container === list.key) points += chunk.points;
    // Chunks already in the document, less those this update deletes (finishing a stroke
    // replaces its chunks with one merged chunk in the same update).
    for (let item = list.type?._start ?? null; item !== null; item = item.right) {
      if (!item.deleted && !decoded.deletes(item.id)) points += pointsIn(item.content);
    }
    if (points > MAX_POINTS_PER_STROKE) {
      throw new RefusedError(
        CloseReason.whiteboardContent,
        `a stroke would hold ${points} points, over the limit of ${MAX_POINTS_PER_STROKE}`,
      );
    }
  }

  #checkStrokes(added: number): void {
    const accepted = this.#unapplied.strokes + added;
    const root = this.#doc.share.get(STROKES_KEY);
    // Keys ever set bound the live strokes from above: counting them is needed only near the cap.
    if ((root?._map.size ?? 0) + accepted <= MAX_STROKES_PER_ROOM) return;
    this.#liveStrokes ??= countLive(root?._map);
    if (this.#liveStrokes + accepted > MAX_STROKES_PER_ROOM) {
      throw new RefusedError(
        CloseReason.whiteboardContent,
        `the room would hold more than ${MAX_STROKES_PER_ROOM} strokes`,
      );
    }
  }
}

/**
 * The first varint of a v1 update: how many clients its structs belong to; 0 if unreadable or
 * if the update is too short to hold that many (each client takes at least three bytes: its
 * struct count, id and clock). Either way it is undecodable, refused later as malformed (1007),
 * not as a flood of clients (1008).
 */
function clientsNamed(update: Uint8Array): number {
  let count: number;
  try {
    count = decoding.readVarUint(decoding.createDecoder(update));
  } catch {
    return 0;
  }
  return count * 3 > update.byteLength ? 0 : count;
}

function countLive(entries: Map<string, Y.Item> | undefined): number {
  let live = 0;
  for (const item of entries?.values() ?? []) if (!item.deleted) live++;
  return live;
}
