import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { isClientId, type AuthorBinding } from '../authors/author-store.ts';
import { entryNumber } from './keys.ts';

/**
 * One entry of a room's stream (`wb:{room}:log`, keys.ts): one append, stored and read as a
 * whole. Its fields:
 *
 *   u  the append's updates, one blob: varuint count, then per update varuint length + bytes
 *      (one field however many updates, so the append script passes a fixed number of arguments)
 *   i  the id of the instance that wrote it (UTF-8), so a reader skips its own entries
 *   t  when Redis stored it: milliseconds since the epoch by the Redis server's clock (TIME in
 *      the append script), one clock for every instance: the age of the oldest entry not yet
 *      compacted, and how long an entry took to reach another instance, are measured by it
 *   b  optional: author bindings stored before these updates, as varuint count, then per binding
 *      varuint client id + varstring identity key (other instances learn them from the log)
 *
 * Numbers are lib0 varuints (little-endian base 128), as in the Yjs wire format.
 */

export const FIELD_UPDATES = 'u';
export const FIELD_INSTANCE = 'i';
export const FIELD_STORED_AT = 't';
export const FIELD_BINDINGS = 'b';

export interface LogEntry {
  /** The entry number n from the stream id `<n>-0`: its LogPosition; it reaches n + 1. */
  readonly position: number;
  readonly updates: Uint8Array[];
  readonly instance: string;
  /** Redis' clock when it was stored (ms); null for an entry written without one (a copy). */
  readonly storedAt: number | null;
  readonly bindings: AuthorBinding[];
}

/** A stream entry this layout cannot have written: the log is not read past it. */
export class LogEntryError extends Error {
  override name = 'LogEntryError';
}

export function encodeUpdates(updates: readonly Uint8Array[]): Uint8Array {
  return encoding.encode((encoder) => {
    encoding.writeVarUint(encoder, updates.length);
    for (const update of updates) encoding.writeVarUint8Array(encoder, update);
  });
}

export function encodeBindings(bindings: readonly AuthorBinding[]): Uint8Array {
  return encoding.encode((encoder) => {
    encoding.writeVarUint(encoder, bindings.length);
    for (const { client, key } of bindings) {
      encoding.writeVarUint(encoder, client);
      encoding.writeVarString(encoder, key);
    }
  });
}

export function decodeUpdates(blob: Uint8Array): Uint8Array[] {
  return decodeAll(blob, 'updates', readBytes);
}

export function decodeBindings(blob: Uint8Array): AuthorBinding[] {
  return decodeAll(blob, 'bindings', (decoder) => {
    const client = readVarUint(decoder);
    if (!isClientId(client)) throw new LogEntryError(`bad client id ${client}`);
    const key = utf8.decode(readBytes(decoder));
    return { client, key };
  });
}

/**
 * An entry as XRANGE/XREAD hand it back with Buffer replies: its id and its flat field list
 * (name, value, name, value, ...). Rejects any entry the append script could not have written.
 */
export function decodeLogEntry(id: string, fields: readonly Uint8Array[]): LogEntry {
  const position = entryNumber(id);
  if (position === null) throw new LogEntryError(`unexpected stream id ${id}`);
  if (fields.length % 2 !== 0) throw new LogEntryError(`entry ${id} has an odd field list`);
  let updates: Uint8Array[] | null = null;
  let instance: string | null = null;
  let bindings: AuthorBinding[] = [];
  let storedAt: number | null = null;
  for (let i = 0; i < fields.length; i += 2) {
    const name = Buffer.from(fields[i]!).toString('latin1');
    const value = fields[i + 1]!;
    if (name === FIELD_UPDATES) updates = decodeUpdates(value);
    else if (name === FIELD_INSTANCE) instance = Buffer.from(value).toString('utf8');
    else if (name === FIELD_BINDINGS) bindings = decodeBindings(value);
    else if (name === FIELD_STORED_AT) storedAt = decodeTime(id, value);
    else throw new LogEntryError(`entry ${id} has an unknown field ${JSON.stringify(name)}`);
  }
  if (updates === null || instance === null) {
    throw new LogEntryError(`entry ${id} lacks its ${updates === null ? 'updates' : 'instance'}`);
  }
  return { position, updates, instance, storedAt, bindings };
}

/**
 * Entries as XRANGE (or one stream of an XREAD) hands them back with Buffer replies:
 * [[id, [name, value, ...]], ...]. Checked whole: anything else is a LogEntryError.
 */
export function decodeStreamEntries(reply: unknown): LogEntry[] {
  if (!Array.isArray(reply)) throw new LogEntryError('stream reply is not a list');
  return reply.map((item: unknown) => {
    if (!Array.isArray(item) || item.length !== 2) throw new LogEntryError('bad stream entry');
    const [id, fields]: unknown[] = item;
    if (!(id instanceof Uint8Array) || !Array.isArray(fields))
      throw new LogEntryError('bad stream entry');
    const values = fields.filter(
      (field: unknown): field is Uint8Array => field instanceof Uint8Array,
    );
    if (values.length !== fields.length) throw new LogEntryError('bad stream entry fields');
    return decodeLogEntry(Buffer.from(id).toString('latin1'), values);
  });
}

function decodeAll<T>(
  blob: Uint8Array,
  what: string,
  readOne: (decoder: decoding.Decoder) => T,
): T[] {
  const decoder = decoding.createDecoder(blob);
  try {
    const count = readVarUint(decoder);
    // Every item takes at least one byte: a count past the bytes left is a lie, not an allocation.
    if (count > remaining(decoder))
      throw new LogEntryError(`${count} ${what} in ${blob.length} bytes`);
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(readOne(decoder));
    if (remaining(decoder) !== 0)
      throw new LogEntryError(`${remaining(decoder)} bytes after the ${what}`);
    return items;
  } catch (error) {
    if (error instanceof LogEntryError) throw error;
    throw new LogEntryError(
      `bad ${what}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function decodeTime(id: string, value: Uint8Array): number {
  const text = Buffer.from(value).toString('latin1');
  const ms = Number(text);
  if (!/^[0-9]{1,16}$/.test(text) || !Number.isSafeInteger(ms)) {
    throw new LogEntryError(`entry ${id} has a bad time ${JSON.stringify(text.slice(0, 20))}`);
  }
  return ms;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

const remaining = (decoder: decoding.Decoder): number => decoder.arr.length - decoder.pos;

function readVarUint(decoder: decoding.Decoder): number {
  if (remaining(decoder) === 0) throw new LogEntryError('ends inside a number');
  return decoding.readVarUint(decoder);
}

/** A varuint length and that many bytes, checked against the blob (lib0 would view past it). */
function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = readVarUint(decoder);
  if (length > remaining(decoder)) {
    throw new LogEntryError(`${length} bytes announced, ${remaining(decoder)} left`);
  }
  return decoding.readUint8Array(decoder, length);
}
