/**
 * A token the host application gives a board page: `/r/<room>#token=<jwt>`. The fragment never
 * reaches a server (browsers do not send it), and the page takes the token out of the address bar
 * at once, so it is not bookmarked, copied into a chat or kept in history; the tab keeps it in
 * sessionStorage, per room, so a reload still works. It leaves the page only as the Bearer of
 * `POST /api/tickets` (and of the link API, for the Share dialog).
 */

/** A compact JWS: three base64url parts (the signature may be empty only for `alg: none`). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Far above any token the host would sign; a longer one is junk, not worth keeping. */
const MAX_TOKEN_LENGTH = 8192;

/** The token of a fragment `#token=<jwt>` (also among other `&`-separated fields), or null. */
export function tokenFromFragment(hash: string): string | null {
  const fields = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = fields.get('token');
  return token !== null && isTokenShaped(token) ? token : null;
}

export function isTokenShaped(value: string): boolean {
  return value.length <= MAX_TOKEN_LENGTH && JWT_SHAPE.test(value);
}

/** What the page shows of a token: its claims as the host wrote them, never trusted for access. */
export interface DisplayClaims {
  readonly name?: string;
  readonly color?: string;
}

/**
 * The token's `name` and `color`, decoded without checking the signature: only the relay decides
 * what a token is worth, and it writes the same claims into this connection's presence. Anything
 * malformed yields no claims rather than an error.
 */
export function displayClaims(token: string): DisplayClaims {
  const payload = token.split('.')[1];
  if (payload === undefined) return {};
  let claims: unknown;
  try {
    claims = JSON.parse(decodeBase64Url(payload));
  } catch {
    return {};
  }
  if (typeof claims !== 'object' || claims === null) return {};
  const name = 'name' in claims && typeof claims.name === 'string' ? claims.name : undefined;
  const color = 'color' in claims && typeof claims.color === 'string' ? claims.color : undefined;
  return { ...(name === undefined ? {} : { name }), ...(color === undefined ? {} : { color }) };
}

function decodeBase64Url(text: string): string {
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
  return new TextDecoder('utf-8', { fatal: true }).decode(
    Uint8Array.from(binary, (char) => char.charCodeAt(0)),
  );
}

/** Where a tab keeps the tokens it was given, one per room. */
export type TokenStorage = Pick<Storage, 'getItem' | 'setItem'>;

const STORAGE_PREFIX = 'whiteboard.token.';

/**
 * The tab's tokens (sessionStorage: this tab only, gone when it closes). A storage that throws
 * keeps the token in this page's memory instead.
 */
export class PageTokens {
  readonly #storage: TokenStorage | null;
  readonly #memory = new Map<string, string>();

  constructor(storage: TokenStorage | null) {
    this.#storage = storage;
  }

  get(room: string): string | null {
    const remembered = this.#memory.get(room);
    if (remembered !== undefined) return remembered;
    let stored: string | null = null;
    try {
      stored = this.#storage?.getItem(STORAGE_PREFIX + room) ?? null;
    } catch {
      return null;
    }
    return stored !== null && isTokenShaped(stored) ? stored : null;
  }

  set(room: string, token: string): void {
    this.#memory.set(room, token);
    try {
      this.#storage?.setItem(STORAGE_PREFIX + room, token);
    } catch (error) {
      console.warn('Could not keep the token for this tab; a reload will need it again', error);
    }
  }
}

/** sessionStorage, or null where touching it throws. */
export function browserTokenStorage(): TokenStorage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}
