/**
 * What an admitted connection may do besides reading. Reading is implied by being admitted: a
 * connection without a capability still gets the room, everyone's updates and everyone's presence.
 *
 * Access values are interned: every connection with the same capabilities holds a pointer to one
 * shared, frozen value, so carrying access costs a connection 8 bytes, not a Set (~150 bytes).
 */
export const Capability = { docWrite: 'doc:write', presenceWrite: 'presence:write' } as const;
export type Capability = (typeof Capability)[keyof typeof Capability];

const ALL: readonly Capability[] = [Capability.docWrite, Capability.presenceWrite];

export interface Access {
  readonly capabilities: readonly Capability[];
  has(capability: Capability): boolean;
}

class InternedAccess implements Access {
  readonly capabilities: readonly Capability[];
  readonly #has: ReadonlySet<Capability>;

  constructor(capabilities: readonly Capability[]) {
    this.capabilities = Object.freeze([...capabilities]);
    this.#has = new Set(capabilities);
    Object.freeze(this);
  }

  has(capability: Capability): boolean {
    return this.#has.has(capability);
  }
}

/** One value per combination, keyed by the capabilities in ALL's order. */
const interned = new Map<string, Access>();

/** The shared Access value granting exactly `capabilities` (in any order, repeats ignored). */
export function accessWith(...capabilities: Capability[]): Access {
  const sorted = ALL.filter((capability) => capabilities.includes(capability));
  const key = sorted.join(' ');
  let access = interned.get(key);
  if (!access) {
    access = new InternedAccess(sorted);
    interned.set(key, access);
  }
  return access;
}

/** Everything: what every connection gets in the default (open) access mode. */
export const FULL_ACCESS = accessWith(...ALL);

/** Reading only: the room's state, live updates and presence, nothing sent is kept. */
export const READ_ONLY = accessWith();
