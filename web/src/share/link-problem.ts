/** Why a request of the link API did not do what was asked, as the Share dialog tells it. */
import { describeApiProblem, problemOfStatus, type ApiProblem } from '../http/api-problem.ts';

export type LinkProblem = ApiProblem;
export { problemOfStatus };

export function describeProblem(problem: LinkProblem): string {
  return describeApiProblem(problem, {
    needsEditAccess: 'You need edit access to this board to manage its links.',
    offline: 'Offline: links need the server. Try again when you are connected.',
  });
}
