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
 * A piece holds whole structs, consecutive per client; the delete set goes last, in pieces of
 * its own if need be. Structs are written with Yjs's own UpdateEncoderV1 (`struct.write`), whose
 * v1 output carries no state from one struct to the next, so each struct is encoded alone and
 * the bytes laid side by side. A struct larger than `maxBytes` (one huge binary chunk) cannot
 * be cut: it gets a piece of its own, and the caller must check the sizes it got back.
 *
 * A piece may refer to structs of a later piece (another client's, in an update spanning
 * several): Yjs keeps such structs pending, on the relay as here, until the rest arrives.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Bytes a client's section header costs at most: three varUints. */
const SECTION_HEADER = 3 * 5;
/** Bytes the piece's own counts cost at most (clients, delete-set clients). */
const PIECE_HEADER = 2 * 5;

interface EncodedStruct {
  readonly client: number;
  readonly clock: number;
  readonly bytes: Uint8Array;
}

interface Section {
  readonly client: number;
  readonly clock: number;
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
  let current: Section[] = [];
  let size = PIECE_HEADER;
  const close = () => {
    if (current.length > 0) pieces.push(current);
    current = [];
    size = PIECE_HEADER;
  };
  for (const struct of encodeStructs(structs)) {
    if (struct === 'gap') {
      // The client's next struct does not follow on: it needs a section, so a piece, of its own.
      close();
      continue;
    }
    let section = current.at(-1);
    const extra =
      struct.bytes.byteLength + (section?.client === struct.client ? 0 : SECTION_HEADER);
    if (size + extra > maxBytes && current.length > 0) {
      close();
      section = undefined;
    }
    if (section?.client !== struct.client) {
      if (current.some((other) => other.client === struct.client)) close();
      section = { client: struct.client, clock: struct.clock, structs: [] };
      current.push(section);
      size += SECTION_HEADER;
    }
    section.structs.push(struct.bytes);
    size += struct.bytes.byteLength;
  }
  // Deletions last, after every struct they may refer to; as many as surely fit in each piece.
  const deletions = deleteRanges(ds);
  const result = pieces.map((sections) => writePiece(sections, []));
  result.push(writePiece(current, deletions.splice(0, rangesFitting(maxBytes - size))));
  while (deletions.length > 0) {
    result.push(writePiece([], deletions.splice(0, Math.max(1, rangesFitting(maxBytes)))));
  }
  return result;
}

/** Each struct encoded alone; 'gap' where a client's structs skip clocks (merged updates). */
function* encodeStructs(
  structs: readonly (Y.Item | Y.GC | Y.Skip)[],
): Generator<EncodedStruct | 'gap'> {
  let expected: { client: number; clock: number } | null = null;
  for (const struct of structs) {
    if (struct instanceof Y.Skip) {
      yield 'gap';
      expected = null;
      continue;
    }
    const { client, clock } = struct.id;
    if (expected && expected.client === client && expected.clock !== clock) yield 'gap';
    const encoder = new Y.UpdateEncoderV1();
    struct.write(encoder, 0);
    yield { client, clock, bytes: encoder.toUint8Array() };
    expected = { client, clock: clock + struct.length };
  }
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
