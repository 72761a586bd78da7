/**
 * One request to the relay's HTTP API with the page's credential, as the room APIs (links,
 * history) make them. The credential is the one the WebSocket's ticket request carries (an edit
 * link's id or a token, sync/tickets.ts), sent as `Authorization: Bearer`; null in the open
 * mode, where the room's name is enough. Nothing here throws: no answer at all is `offline`.
 */

/** What came back: a status and the body read as asked, or no answer at all. */
export type RelayAnswer<Body> =
  { readonly status: number; readonly body: Body } | { readonly offline: true };

export interface RelayRequest {
  /** Names the request in a warning; never the URL, which may hold a link id (a credential). */
  readonly what: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly bearer: string | null;
  /** Sent as JSON when given. */
  readonly json?: unknown;
}

/** Bound: a detached `window.fetch` throws "Illegal invocation" in browsers. */
export function defaultFetch(): typeof fetch {
  return globalThis.fetch.bind(globalThis);
}

/** The body parsed as JSON; an unreadable, empty or non-JSON body reads as null. */
export function askJson(
  fetcher: typeof fetch,
  request: RelayRequest,
): Promise<RelayAnswer<unknown>> {
  return ask(fetcher, request, async (response) => parseJson(await response.text()));
}

/** The body as bytes (a Yjs update, say); an unreadable body reads as null. */
export function askBytes(
  fetcher: typeof fetch,
  request: RelayRequest,
): Promise<RelayAnswer<Uint8Array | null>> {
  return ask(fetcher, request, async (response) => new Uint8Array(await response.arrayBuffer()));
}

async function ask<Body>(
  fetcher: typeof fetch,
  { what, method, url, bearer, json }: RelayRequest,
  read: (response: Response) => Promise<Body>,
): Promise<RelayAnswer<Body | null>> {
  const headers: Record<string, string> = {};
  if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
  if (json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetcher(url, {
      method,
      headers,
      cache: 'no-store',
      // The page's own origin; no cookies exist, but nothing else should ride along either.
      credentials: 'omit',
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  } catch (error) {
    console.warn(`${what}: ${method} got no answer`, error);
    return { offline: true };
  }
  const body = await read(response).catch(() => null);
  return { status: response.status, body };
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
