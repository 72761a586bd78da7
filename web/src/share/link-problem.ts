/**
 * Why a request of the link API did not do what was asked, as the Share dialog tells it. Each
 * kind is something the user can act on differently: get edit access, wait for the server's
 * storage, get back online, or (the rest) report what the server said.
 */
import { unreachable } from '../unreachable.ts';

export type LinkProblem =
  /** 401 or 403: this page holds no edit access to the room (a view link, a revoked one…). */
  | { readonly kind: 'needs-edit-access' }
  /** 503: the relay's storage is closed, so it cannot store a link or a revocation. */
  | { readonly kind: 'storage-unavailable' }
  /** No answer at all: offline, or the relay is down. */
  | { readonly kind: 'offline' }
  /** Any other status, with the server's own message when it sent one. */
  | { readonly kind: 'refused'; readonly status: number; readonly message: string | null }
  /** A 2xx whose body is not what the contract promises: nothing of it is believed. */
  | { readonly kind: 'malformed' };

export function problemOfStatus(status: number, message: string | null): LinkProblem {
  if (status === 401 || status === 403) return { kind: 'needs-edit-access' };
  if (status === 503) return { kind: 'storage-unavailable' };
  return { kind: 'refused', status, message };
}

export function describeProblem(problem: LinkProblem): string {
  switch (problem.kind) {
    case 'needs-edit-access':
      return 'You need edit access to this board to manage its links.';
    case 'storage-unavailable':
      return 'Server storage is unavailable; try again in a moment.';
    case 'offline':
      return 'Offline: links need the server. Try again when you are connected.';
    case 'refused':
      return problem.message === null
        ? `The server refused (${problem.status}).`
        : `The server refused (${problem.status}): ${problem.message}`;
    case 'malformed':
      return 'The server sent an answer this page cannot read.';
    default:
      return unreachable('link problem', problem);
  }
}
