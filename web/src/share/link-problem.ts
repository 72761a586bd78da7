/** Why a request of the link API did not do what was asked, as the Share dialog tells it. */
import { problemOfStatus, type ApiProblem } from '../http/api-problem.ts';
import { unreachable } from '../unreachable.ts';

export type LinkProblem = ApiProblem;
export { problemOfStatus };

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
