/**
 * What the Share dialog shows about a room's links, and what its buttons do: the live links as
 * the relay last listed them, the link just made of each kind (to copy or scan), and the last
 * problem. Reads and writes go through LinkApi; the dialog reads plain fields.
 */
import type { LinkResult, NewLinkRequest } from './link-api.ts';
import { expirySeconds, type Expiry } from './expiry.ts';
import type { LinkProblem } from './link-problem.ts';
import type { CreatedLink, LinkAccess, ListedLink } from './link-responses.ts';

/** The parts of LinkApi this state uses. */
export interface LinkClient {
  create(request: NewLinkRequest): Promise<LinkResult<CreatedLink>>;
  list(): Promise<LinkResult<ListedLink[]>>;
  revoke(id: string): Promise<LinkResult<null>>;
}

export interface NewLinkChoice {
  readonly expiry: Expiry;
  /** View links: whether the viewers' cursors show. */
  readonly presence: boolean;
}

/** The request in flight, if any: its button shows busy, the others stay usable. */
export type Busy =
  | { readonly kind: 'none' }
  | { readonly kind: 'listing' }
  | { readonly kind: 'creating'; readonly access: LinkAccess }
  | { readonly kind: 'revoking'; readonly id: string };

export const NOT_BUSY: Busy = { kind: 'none' };

export class ShareLinks {
  readonly #api: LinkClient;
  /** null until the relay first answered a list. */
  #links = $state<readonly ListedLink[] | null>(null);
  #made = $state<Readonly<Record<LinkAccess, CreatedLink | null>>>({ view: null, edit: null });
  #problem = $state<LinkProblem | null>(null);
  #busy = $state<Busy>(NOT_BUSY);
  /** Numbers list requests, so that an older answer arriving late never replaces a newer one. */
  #listed = 0;

  constructor(api: LinkClient) {
    this.#api = api;
  }

  get links(): readonly ListedLink[] | null {
    return this.#links;
  }

  /** The last link made of `access` in this dialog, while it is not revoked. */
  made(access: LinkAccess): CreatedLink | null {
    return this.#made[access];
  }

  get problem(): LinkProblem | null {
    return this.#problem;
  }

  get busy(): Busy {
    return this.#busy;
  }

  async refresh(): Promise<void> {
    const ask = ++this.#listed;
    this.#busy = { kind: 'listing' };
    const result = await this.#api.list();
    if (ask !== this.#listed) return;
    this.#busy = NOT_BUSY;
    if (result.ok) {
      this.#links = result.value;
      this.#problem = null;
    } else {
      this.#problem = result.problem;
    }
  }

  async create(access: LinkAccess, choice: NewLinkChoice): Promise<void> {
    const expiresIn = expirySeconds(choice.expiry);
    this.#busy = { kind: 'creating', access };
    const result = await this.#api.create({
      access,
      ...(expiresIn === null ? {} : { expiresIn }),
      // Edit links always show their users' cursors (server/links/link.ts).
      ...(access === 'view' ? { presence: choice.presence } : {}),
    });
    this.#busy = NOT_BUSY;
    if (!result.ok) {
      this.#problem = result.problem;
      return;
    }
    this.#made = { ...this.#made, [access]: result.value };
    this.#problem = null;
    await this.refresh();
  }

  async revoke(id: string): Promise<void> {
    this.#busy = { kind: 'revoking', id };
    const result = await this.#api.revoke(id);
    this.#busy = NOT_BUSY;
    if (!result.ok) {
      this.#problem = result.problem;
      return;
    }
    // A revoked link shown ready to copy would be handed on and fail.
    const made = this.#made;
    this.#made = {
      view: made.view?.id === id ? null : made.view,
      edit: made.edit?.id === id ? null : made.edit,
    };
    this.#problem = null;
    await this.refresh();
  }
}
