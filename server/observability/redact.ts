/**
 * A request-target fit for a log line: no token, ticket or link id in full. Credentials travel in
 * the query (`?token=`, `?ticket=`) and in link paths (`/ws/link/<id>`, and `/links/<id>` under
 * the rooms API), and an access log kept by anyone would otherwise hold them for good. The query
 * keeps its short names and loses every value (`?token=…`); a link id keeps at most its first 4
 * characters, enough to tell two apart in a log, never enough to use one (ids are at least 128
 * bits). A fragment, which browsers never send, goes too. Idempotent, so a line may pass it twice.
 */
export function redactTarget(target: string): string {
  const queryAt = target.search(/[?#]/);
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const rest = queryAt === -1 ? '' : target.slice(queryAt);
  return redactPath(path) + redactQuery(rest);
}

const ELLIPSIS = '…';
const KEPT = 4;
/** Segments right after these hold a link id. */
const ID_BEFORE = /(\/ws\/link\/|\/links\/)([^/]*)/g;
/** A query name kept as it is: short and plain, so no credential hides in a name. */
const PLAIN_NAME = /^[A-Za-z0-9_.-]{1,16}$/;

function redactPath(path: string): string {
  return path.replace(ID_BEFORE, (_match, prefix: string, id: string) => {
    if (id === '') return prefix;
    const plain = id.endsWith(ELLIPSIS) ? id.slice(0, -ELLIPSIS.length) : id;
    if (plain !== id && plain.length <= KEPT) return prefix + id;
    return prefix + plain.slice(0, Math.min(KEPT, plain.length - 1)) + ELLIPSIS;
  });
}

function redactQuery(rest: string): string {
  if (rest === '' || rest.startsWith('#')) return rest === '' ? '' : `#${ELLIPSIS}`;
  const query = rest.slice(1).split('#', 1)[0]!;
  const fragment = rest.includes('#') ? `#${ELLIPSIS}` : '';
  const pairs = query.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    // A bare entry (`?abc`) is a value as much as a name.
    if (equals === -1) return pair === '' ? pair : ELLIPSIS;
    const name = pair.slice(0, equals);
    return PLAIN_NAME.test(name) ? `${name}=${ELLIPSIS}` : ELLIPSIS;
  });
  return `?${pairs.join('&')}${fragment}`;
}

/** Log fields that hold a request-target, redacted by the logger whatever the call site did. */
export function redactField(value: unknown): unknown {
  return typeof value === 'string' ? redactTarget(value) : value;
}
