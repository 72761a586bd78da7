import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { KeyedTable } from '../storage/keyed-table.ts';
import { isClientId, type AuthorBinding, type AuthorStore } from './author-store.ts';

/**
 * Bindings in the relay's LevelDB, as a table of the database the rooms live in
 * (LevelStore.table): a binding is as durable as the structs it protects, and its writes join
 * the same group commit. One record per bound client id (room names are [A-Za-z0-9_-], so '!'
 * separates):
 *   <room>!<client id, decimal>   varUint(client id) varString(identity key)
 * The value repeats the client id because the table lists values, not keys.
 */
const roomPrefix = (room: string) => `${room}!`;

export class LevelAuthorStore implements AuthorStore {
  readonly #table: KeyedTable;

  constructor(table: KeyedTable) {
    this.#table = table;
  }

  async load(room: string): Promise<AuthorBinding[]> {
    const values = await this.#table.valuesFrom(roomPrefix(room));
    return values.map((value) => decodeBinding(room, value));
  }

  async bind(room: string, bindings: readonly AuthorBinding[]): Promise<void> {
    if (bindings.length === 0) return;
    const entries = bindings.map((binding) => {
      if (!isClientId(binding.client))
        throw new RangeError(`not a Yjs client id: ${binding.client}`);
      return { key: roomPrefix(room) + binding.client, value: encodeBinding(binding) };
    });
    await this.#table.put(entries);
  }
}

function encodeBinding({ client, key }: AuthorBinding): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, client);
  encoding.writeVarString(encoder, key);
  return encoding.toUint8Array(encoder);
}

/** A stored record back into a binding; one that is not one is a storage fault, said so. */
function decodeBinding(room: string, value: Uint8Array): AuthorBinding {
  try {
    const decoder = decoding.createDecoder(value);
    const client = decoding.readVarUint(decoder);
    const key = decoding.readVarString(decoder);
    if (decoding.hasContent(decoder) || key.length === 0) throw new Error('trailing bytes');
    return { client, key };
  } catch (error) {
    throw new Error(`stored author record of room ${room} is malformed`, { cause: error });
  }
}
