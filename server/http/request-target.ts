/**
 * The path of a request-target, or null when it is no URL at all. Node's HTTP parser accepts
 * targets that the URL parser refuses (`http://[`, `http://a:99999/`, `http://%zz/`), and an
 * uncaught throw from `new URL` used to end the process: every caller answers null with 400.
 */
export function requestPath(target: string | undefined): string | null {
  return parseTarget(target)?.pathname ?? null;
}

/**
 * A request-target as the router should see it: path (dot segments resolved, an absolute-form
 * target reduced to its path) and query; null when it is no URL. Never throws.
 */
export function routableTarget(target: string | undefined): string | null {
  const url = parseTarget(target);
  return url && url.pathname + url.search;
}

function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}
