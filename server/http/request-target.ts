/**
 * The path of a request-target, or null when it is no URL at all. Node's HTTP parser accepts
 * targets that the URL parser refuses (`http://[`, `http://a:99999/`, `http://%zz/`), and an
 * uncaught throw from `new URL` used to end the process: every caller answers null with 400.
 */
export function requestPath(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname;
  } catch {
    return null;
  }
}
