/** Small fetch helpers for the relay's HTTP API, as any client would call it. */
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { StockClient } from './clients.ts';

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/** Sends `body` as JSON (a string as it is); answers with the parsed body, if any. */
export async function api(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

export interface Ticket {
  readonly ticket: string;
  readonly expiresAt: string;
}

/** POST /api/tickets, expecting 201. */
export async function ticketFor(
  baseUrl: string,
  headers: Record<string, string>,
  body?: object,
): Promise<Ticket> {
  const answer = await api(baseUrl, 'POST', '/api/tickets', body, headers);
  if (answer.status !== 201) {
    throw new Error(`POST /api/tickets: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body as Ticket;
}

/**
 * The unmodified y-websocket client with query parameters (`params`), the way the app passes a
 * ticket or a host application a token: `ws://HOST:PORT/ws/<room>?token=…`.
 */
export function clientWith(
  wsUrl: string,
  room: string,
  params: Record<string, string>,
  doc = new Y.Doc(),
): StockClient {
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    // y-websocket types its polyfill as the DOM WebSocket constructor; ws implements that API.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params,
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}
