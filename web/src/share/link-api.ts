/**
 * The link API of one room (server/http/link-routes.ts), for the Share dialog: make a link, list
 * the live ones, revoke one. Every answer is checked (link-responses.ts) and every failure comes
 * back as a LinkProblem the dialog can show; nothing here throws.
 */
import { roomLinksPath } from '../../../protocol/endpoints.ts';
import { askJson, defaultFetch, type RelayAnswer } from '../http/relay-request.ts';
import { problemOfStatus, type LinkProblem } from './link-problem.ts';
import {
  readCreatedLink,
  readErrorMessage,
  readLinkList,
  type CreatedLink,
  type LinkAccess,
  type ListedLink,
} from './link-responses.ts';

export type LinkResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: LinkProblem };

export interface NewLinkRequest {
  readonly access: LinkAccess;
  /** Seconds until it stops working; left out, it lasts until revoked. */
  readonly expiresIn?: number;
  /** Whether its viewers' cursors show (view links; the server's default is true). */
  readonly presence?: boolean;
}

export interface LinkApiOptions {
  readonly room: string;
  /** Where the relay answers: `location.origin` in the app. */
  readonly origin: string;
  /**
   * The credential this page holds for the room (an edit link's id or a token), sent as
   * `Authorization: Bearer`; null in the open mode, where the room's name is enough.
   */
  readonly bearer: () => string | null;
  readonly fetch?: typeof fetch;
}

export class LinkApi {
  readonly #base: string;
  readonly #bearer: () => string | null;
  readonly #fetch: typeof fetch;

  constructor(options: LinkApiOptions) {
    this.#base = new URL(roomLinksPath(encodeURIComponent(options.room)), options.origin).href;
    this.#bearer = options.bearer;
    this.#fetch = options.fetch ?? defaultFetch();
  }

  async create(request: NewLinkRequest): Promise<LinkResult<CreatedLink>> {
    const answer = await this.#ask('POST', this.#base, request);
    return this.#read(answer, 201, readCreatedLink);
  }

  async list(): Promise<LinkResult<ListedLink[]>> {
    const answer = await this.#ask('GET', this.#base);
    return this.#read(answer, 200, readLinkList);
  }

  /** Revoking a link that is already gone (404) counts as done: what the user wanted holds. */
  async revoke(id: string): Promise<LinkResult<null>> {
    const answer = await this.#ask('DELETE', `${this.#base}/${encodeURIComponent(id)}`);
    if ('offline' in answer) return { ok: false, problem: { kind: 'offline' } };
    if (answer.status === 204 || answer.status === 404) return { ok: true, value: null };
    return { ok: false, problem: problemOfStatus(answer.status, readErrorMessage(answer.body)) };
  }

  #read<T>(
    answer: RelayAnswer<unknown>,
    expected: number,
    read: (body: unknown) => T | null,
  ): LinkResult<T> {
    if ('offline' in answer) return { ok: false, problem: { kind: 'offline' } };
    if (answer.status !== expected) {
      return { ok: false, problem: problemOfStatus(answer.status, readErrorMessage(answer.body)) };
    }
    const value = read(answer.body);
    return value === null ? { ok: false, problem: { kind: 'malformed' } } : { ok: true, value };
  }

  #ask(method: 'GET' | 'POST' | 'DELETE', url: string, json?: NewLinkRequest) {
    const bearer = this.#bearer();
    return askJson(this.#fetch, {
      what: 'Link API',
      method,
      url,
      bearer,
      ...(json === undefined ? {} : { json }),
    });
  }
}
