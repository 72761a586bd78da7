/**
 * The history API of one room (issue 14, docs/history-api.md): list its versions, download one as a Yjs update, save
 * a named one, restore one. Every call carries the page's credential the way the link API does
 * (http/relay-request.ts); every answer is checked (version-responses.ts) and every failure
 * comes back as an ApiProblem the panel can show. Nothing here throws.
 */
import {
  roomVersionPath,
  roomVersionRestorePath,
  roomVersionsPath,
} from '../../../protocol/endpoints.ts';
import { problemOfStatus, readErrorMessage, type ApiProblem } from '../http/api-problem.ts';
import { askBytes, askJson, defaultFetch, type RelayAnswer } from '../http/relay-request.ts';
import {
  readSavedVersion,
  readVersionList,
  type VersionEntry,
  type VersionList,
} from './version-responses.ts';

export type HistoryResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: ApiProblem };

/** What the panel needs of the API; tests give their own. */
export interface HistoryClient {
  list(): Promise<HistoryResult<VersionList>>;
  download(id: string): Promise<HistoryResult<Uint8Array>>;
  /** The saved version when the answer describes it, else null (the list will show it). */
  save(name: string): Promise<HistoryResult<VersionEntry | null>>;
  /** The version saved of the board as it was before, when the answer describes it. */
  restore(id: string): Promise<HistoryResult<VersionEntry | null>>;
}

export interface HistoryApiOptions {
  readonly room: string;
  /** Where the relay answers: `location.origin` in the app. */
  readonly origin: string;
  /** The page's credential (an edit link's id or a token); null in the open mode. */
  readonly bearer: () => string | null;
  readonly fetch?: typeof fetch;
}

const WHAT = 'History API';

export class HistoryApi implements HistoryClient {
  readonly #room: string;
  readonly #origin: string;
  readonly #bearer: () => string | null;
  readonly #fetch: typeof fetch;

  constructor(options: HistoryApiOptions) {
    this.#room = encodeURIComponent(options.room);
    this.#origin = options.origin;
    this.#bearer = options.bearer;
    this.#fetch = options.fetch ?? defaultFetch();
  }

  async list(): Promise<HistoryResult<VersionList>> {
    const answer = await askJson(
      this.#fetch,
      this.#request('GET', this.#url(roomVersionsPath(this.#room))),
    );
    // 404: the room was never written, so it has no history yet.
    if (!('offline' in answer) && answer.status === 404) {
      return { ok: true, value: { versions: [], skipped: 0 } };
    }
    return read(answer, [200], readVersionList);
  }

  async download(id: string): Promise<HistoryResult<Uint8Array>> {
    const answer = await askBytes(
      this.#fetch,
      this.#request('GET', this.#url(roomVersionPath(this.#room, encodeURIComponent(id)))),
    );
    if ('offline' in answer) return { ok: false, problem: { kind: 'offline' } };
    if (answer.status !== 200) return { ok: false, problem: problemOfStatus(answer.status, null) };
    return answer.body === null
      ? { ok: false, problem: { kind: 'malformed' } }
      : { ok: true, value: answer.body };
  }

  async save(name: string): Promise<HistoryResult<VersionEntry | null>> {
    const answer = await askJson(this.#fetch, {
      ...this.#request('POST', this.#url(roomVersionsPath(this.#room))),
      json: { name },
    });
    const done = succeeded(answer, [201]);
    // Saved even when the answer does not describe the version: the list will show it.
    return done.ok ? { ok: true, value: readSavedVersion(done.value) } : done;
  }

  async restore(id: string): Promise<HistoryResult<VersionEntry | null>> {
    const answer = await askJson(
      this.#fetch,
      this.#request('POST', this.#url(roomVersionRestorePath(this.#room, encodeURIComponent(id)))),
    );
    const done = succeeded(answer, [200]);
    return done.ok ? { ok: true, value: readSavedVersion(done.value) } : done;
  }

  #url(path: string): string {
    return new URL(path, this.#origin).href;
  }

  #request(method: 'GET' | 'POST', url: string) {
    return { what: WHAT, method, url, bearer: this.#bearer() };
  }
}

/** The answer's value when its status is one of `expected` and `reader` accepts the body. */
function read<T>(
  answer: RelayAnswer<unknown>,
  expected: readonly number[],
  reader: (body: unknown) => T | null,
): HistoryResult<T> {
  const done = succeeded(answer, expected);
  if (!done.ok) return done;
  const value = reader(done.value);
  return value === null ? { ok: false, problem: { kind: 'malformed' } } : { ok: true, value };
}

/** The body of a success, or the problem: for actions whose answer says little beyond done. */
function succeeded(
  answer: RelayAnswer<unknown>,
  expected: readonly number[],
): HistoryResult<unknown> {
  if ('offline' in answer) return { ok: false, problem: { kind: 'offline' } };
  if (!expected.includes(answer.status)) {
    return { ok: false, problem: problemOfStatus(answer.status, readErrorMessage(answer.body)) };
  }
  return { ok: true, value: answer.body };
}
