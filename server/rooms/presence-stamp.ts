/**
 * A connection's verified name and color, written into the presence it publishes (issue 11:
 * "with a token, the server writes the token's name and color into that connection's presence,
 * so a name cannot be faked"). The app publishes who it is in the `user` field of its awareness
 * state (web/src/presence/awareness-state.ts: `user: { id, name, color }`); the relay overwrites
 * `user.name` and `user.color` there with what the identity says, and keeps every other field.
 *
 * Only identities from a signed token carry a name or color (access/identity.ts); a state from
 * any other connection passes unchanged, as does a removal, or a state that is not a JSON object
 * (the app ignores those whole). States that already say what the identity says are not
 * re-encoded: the app shows the token's name itself, so this costs honest clients one parse.
 */
import type { Identity } from '../access/identity.ts';
import type { AwarenessEntry } from '../protocol/awareness-update.ts';
import { isRemoval } from './presence-changes.ts';

/** The `user` field of the app's awareness state (PresenceField.user in the app). */
const USER_FIELD = 'user';

export interface StampedPresence {
  readonly entries: readonly AwarenessEntry[];
  /** Whether any entry changed, so the frame must be encoded again. */
  readonly altered: boolean;
}

const utf8 = new TextEncoder();

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function stampIdentity(
  entries: readonly AwarenessEntry[],
  identity: Identity | null,
): StampedPresence {
  const name = identity?.name;
  const color = identity?.color;
  if (name === undefined && color === undefined) return { entries, altered: false };
  let altered = false;
  const stamped = entries.map((entry) => {
    if (isRemoval(entry.json)) return entry;
    const state = parsed(entry.json);
    if (!isObject(state)) return entry;
    const user = isObject(state[USER_FIELD]) ? state[USER_FIELD] : {};
    if ((name === undefined || user.name === name) && (color === undefined || user.color === color))
      return entry;
    altered = true;
    const json = JSON.stringify({
      ...state,
      [USER_FIELD]: {
        ...user,
        ...(name === undefined ? {} : { name }),
        ...(color === undefined ? {} : { color }),
      },
    });
    return { ...entry, json, bytes: utf8.encode(json).byteLength };
  });
  return altered ? { entries: stamped, altered } : { entries, altered: false };
}

/**
 * The state's JSON (readAwarenessEntries bounded its size and depth); undefined when it is not
 * JSON, which is left as sent for the apply to refuse as malformed, like any other frame's.
 */
function parsed(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
