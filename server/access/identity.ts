/**
 * Who a connection speaks for, when its credential says so. The access decision (access-policy.ts)
 * makes it once per connection from the credential it was given, and the connection carries it
 * for its whole life beside its Access:
 *
 *   - `key` names the author of document changes: each Yjs client id is bound to the first key
 *     that wrote under it (server/rooms/ authorship), so a peer cannot extend another person's
 *     client ids. It is `sub:<subject>` for a signed token with a subject, `device:<hash>` for a
 *     device key the app presented (hashed: the key itself is a secret and is never stored), and
 *     never derived from anything a client can choose freely without a credential.
 *   - `name` and `color` come from a signed token only: the relay writes them into the
 *     connection's presence, so that a name shown to others cannot be faked.
 *
 * A connection without an identity (a stock client in the open mode, a plain link) is anonymous:
 * it may write only under client ids no identity holds.
 */
export interface Identity {
  /** Null for a token that carries a name but no `sub`: it vouches for a name, not an author. */
  readonly key: string | null;
  /** From a verified token's `name` claim (1–32 characters once normalised), else absent. */
  readonly name?: string;
  /** From a verified token's `color` claim (#rrggbb), else absent. */
  readonly color?: string;
}
