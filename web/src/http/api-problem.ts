/**
 * Why a request to one of the relay's room APIs (links, history) did not do what was asked. Each
 * kind is something the user can act on differently: get edit access, wait for the server's
 * storage, get back online, or (the rest) report what the server said. Each panel words them.
 */
import { unreachable } from '../unreachable.ts';

export type ApiProblem =
  /** 401 or 403: this page holds no edit access to the room (a view link, a revoked one…). */
  | { readonly kind: 'needs-edit-access' }
  /** 503: the relay's storage is closed, so it cannot do what needs it. */
  | { readonly kind: 'storage-unavailable' }
  /** No answer at all: offline, or the relay is down. */
  | { readonly kind: 'offline' }
  /** Any other status, with the server's own message when it sent one. */
  | { readonly kind: 'refused'; readonly status: number; readonly message: string | null }
  /** A 2xx whose body is not what the contract promises: nothing of it is believed. */
  | { readonly kind: 'malformed' };

/** What one API says in its own words: the rest is worded alike for every API. */
export interface ProblemWords {
  readonly needsEditAccess: string;
  readonly offline: string;
}

/** A problem as a panel tells it. */
export function describeApiProblem(problem: ApiProblem, words: ProblemWords): string {
  switch (problem.kind) {
    case 'needs-edit-access':
      return words.needsEditAccess;
    case 'storage-unavailable':
      return 'Server storage is unavailable; try again in a moment.';
    case 'offline':
      return words.offline;
    case 'refused':
      return problem.message === null
        ? `The server refused (${problem.status}).`
        : `The server refused (${problem.status}): ${problem.message}`;
    case 'malformed':
      return 'The server sent an answer this page cannot read.';
    default:
      return unreachable('API problem', problem);
  }
}

export function problemOfStatus(status: number, message: string | null): ApiProblem {
  if (status === 401 || status === 403) return { kind: 'needs-edit-access' };
  if (status === 503) return { kind: 'storage-unavailable' };
  return { kind: 'refused', status, message };
}

/** The `message` of the server's JSON error body ({ statusCode, error, message }), if any. */
export function readErrorMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('message' in body)) return null;
  if (typeof body.message !== 'string') return null;
  // Shown to the user: keep it short, whatever the body carried.
  return body.message.slice(0, 200);
}
