/**
 * Cuts a Yjs update (format v1) into several updates that each fit in `maxBytes`, which applied
 * in order have the same effect as the whole. The relay refuses a frame over its payload limit
 * (4 MiB by default, close 1009), and one transaction can be far bigger: undoing the clear of a
 * board with two 2.6 MB strokes recreates both in one update of 5.2 MB, sent again on every
 * reconnect and after every reload, so the user was cut off for good.
 *
 *   v1 update = varUint(#clients) × [varUint(#structs) varUint(client) varUint(firstClock) struct…]
 *               delete set = varUint(#clients) × [varUint(client) varUint(#ranges) (clock len)…]
 *
 * Pieces take whole structs in dependency order (struct-order.ts): each piece builds only on the
 * relay's content and on earlier pieces. The relay refuses (1007) an update building on items it
 * holds nowhere, so a piece that referred to a later one (a step 2 carrying several offline
 * sessions, the later one building on the earlier) was refused on every try. A piece holds one
 * run of consecutive structs per client (the format allows one section per client); a struct
 * that does not follow on from its client's run in the piece starts a new piece. The delete set
 * goes last, in pieces of its own if need be.
 *
 * Structs are written with Yjs's own UpdateEncoderV1 (`struct.write`), whose v1 output carries
 * no state from one struct to the next, so each struct is encoded alone and the bytes laid side
 * by side. A struct larger than `maxBytes` (one huge binary chunk) cannot be cut: it gets a
 * piece of its own, and the caller must check the sizes it got back.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { dependencyOrder, type Struct } from './struct-order.ts';

/** Bytes a client's section header costs at most: three varUints. */
const SECTION_HEADER = 3 * 5;
/** Bytes the piece's own counts cost at most (clients, delete-set clients). */
const PIECE_HEADER = 2 * 5;

interface Section {
  readonly client: number;
  readonly clock: number;
  /** The clock after its last struct: where the client's next struct must start to join it. */
  end: number;
  readonly structs: Uint8Array[];
}

interface DeleteRange {
  readonly client: number;
  readonly clock: number;
  readonly len: number;
}

export function splitUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
  if (update.byteLength <= maxBytes) return [update];
  const { structs, ds } = Y.decodeUpdate(update);
  const pieces: Section[][] = [];
  let current = new Map<number, Section>();
  let size = PIECE_HEADER;
  const close = () => {
    if (current.size > 0) pieces.push([...current.values()]);
    current = new Map();
    size = PIECE_HEADER;
  };
  for (const struct of dependencyOrder(structs)) {
    const bytes = encodeStruct(struct);
    const { client, clock } = struct.id;
    let section = current.get(client);
    // The client's run in this piece does not reach this struct: it needs a section of its own.
    const gap = section !== undefined && section.end !== clock;
    const full = size + bytes.byteLength + (section ? 0 : SECTION_HEADER) > maxBytes;
    if (gap || (full && current.size > 0)) {
      close();
      section = undefined;
    }
    if (section === undefined) {
      section = { client, clock, end: clock, structs: [] };
      current.set(client, section);
      size += SECTION_HEADER;
    }
    section.structs.push(bytes);
    section.end = clock + struct.length;
    size += bytes.byteLength;
  }
  // Deletions last, after every struct they may refer to; as many as surely fit in each piece.
  const deletions = deleteRanges(ds);
  const result = pieces.map((sections) => writePiece(sections, []));
  result.push(
    writePiece([...current.values()], deletions.splice(0, rangesFitting(maxBytes - size))),
  );
  while (deletions.length > 0) {
    result.push(writePiece([], deletions.splice(0, Math.max(1, rangesFitting(maxBytes)))));
  }
  return result;
}

function encodeStruct(struct: Struct): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  struct.write(encoder, 0);
  return encoder.toUint8Array();
}

/** A range costs two varUints (10 bytes at most), and may open a client's list. */
const rangesFitting = (bytes: number): number =>
  Math.max(0, Math.floor((bytes - PIECE_HEADER) / (10 + SECTION_HEADER)));

function deleteRanges(ds: ReturnType<typeof Y.decodeUpdate>['ds']): DeleteRange[] {
  const ranges: DeleteRange[] = [];
  for (const [client, items] of ds.clients) {
    for (const { clock, len } of items) ranges.push({ client, clock, len });
  }
  return ranges;
}

function writePiece(sections: readonly Section[], ranges: readonly DeleteRange[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, sections.length);
  for (const { client, clock, structs } of sections) {
    encoding.writeVarUint(encoder, structs.length);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    for (const bytes of structs) encoding.writeUint8Array(encoder, bytes);
  }
  const byClient = new Map<number, DeleteRange[]>();
  for (const range of ranges) {
    const list = byClient.get(range.client) ?? [];
    list.push(range);
    byClient.set(range.client, list);
  }
  encoding.writeVarUint(encoder, byClient.size);
  for (const [client, list] of byClient) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list.length);
    for (const { clock, len } of list) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, len);
    }
  }
  return encoding.toUint8Array(encoder);
}
