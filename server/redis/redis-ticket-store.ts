import { TICKET_TTL_MS, isTicketId, newTicketId, type TicketGrant } from '../tickets/ticket.ts';
import type { IssueResult, TicketStore } from '../tickets/ticket-store.ts';
import { MAX_TICKETS } from '../tickets/memory-ticket-store.ts';
import { ticketKey, TICKETS_KEY } from './keys.ts';
import { LuaScript } from './lua-script.ts';
import type { RedisClient } from './redis-client.ts';

/**
 * KEYS tickets index; ARGV now, max, ticket, expiresAt. Forgets tickets expired at `now`, then
 * counts a new one in unless `max` are held. 1 if counted in, 0 if full.
 */
const COUNT_IN = new LuaScript(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
return 1
`);

export interface RedisTicketStoreOptions {
  readonly ttlMs?: number;
  readonly maxTickets?: number;
}

/**
 * Tickets in Redis, so that an app can fetch a ticket from one instance and upgrade through
 * another. Each ticket is a key of its own with its grant as JSON, expiring by itself (PX ttl),
 * taken once with GETDEL; the index `wb:tickets` (ticket -> expiry) bounds how many are held,
 * across all instances, as MAX_TICKETS bounds one process. A ticket's expiry is also in its
 * value and checked against the caller's clock, as the memory store does.
 */
export class RedisTicketStore implements TicketStore {
  readonly #client: RedisClient;
  readonly #ttlMs: number;
  readonly #maxTickets: number;

  constructor(
    client: RedisClient,
    { ttlMs = TICKET_TTL_MS, maxTickets = MAX_TICKETS }: RedisTicketStoreOptions = {},
  ) {
    this.#client = client;
    this.#ttlMs = ttlMs;
    this.#maxTickets = maxTickets;
  }

  async issue(grant: TicketGrant, now: number): Promise<IssueResult> {
    const ticket = newTicketId();
    const expiresAt = now + this.#ttlMs;
    const counted = await COUNT_IN.run(
      this.#client,
      [TICKETS_KEY],
      [now, this.#maxTickets, ticket, expiresAt],
    );
    if (counted !== 1) return { ok: false, reason: 'full' };
    await this.#client.set(
      ticketKey(ticket),
      JSON.stringify({ grant, expiresAt }),
      'PX',
      this.#ttlMs,
    );
    return { ok: true, ticket, expiresAt };
  }

  async take(ticket: string, now: number): Promise<TicketGrant | undefined> {
    // Anything else is no ticket, and is not looked up (nor made into a key).
    if (!isTicketId(ticket)) return undefined;
    const stored = await this.#client.getdel(ticketKey(ticket));
    if (stored === null) return undefined;
    await this.#client.zrem(TICKETS_KEY, ticket);
    const held = parseHeld(stored);
    return held.expiresAt > now ? held.grant : undefined;
  }
}

function parseHeld(stored: string): { grant: TicketGrant; expiresAt: number } {
  const parsed: unknown = JSON.parse(stored);
  if (isRecord(parsed) && typeof parsed.expiresAt === 'number' && isTicketGrant(parsed.grant)) {
    return { grant: parsed.grant, expiresAt: parsed.expiresAt };
  }
  throw new Error('stored ticket is malformed');
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What issue() wrote: a grant is read back only whole. */
function isTicketGrant(value: unknown): value is TicketGrant {
  if (!isRecord(value)) return false;
  const { room, access, presence, identity, link, tokenExpiresAt } = value;
  const identityOk =
    identity === null ||
    (isRecord(identity) &&
      (identity.key === null || typeof identity.key === 'string') &&
      (identity.name === undefined || typeof identity.name === 'string') &&
      (identity.color === undefined || typeof identity.color === 'string'));
  const linkOk =
    link === null ||
    (isRecord(link) &&
      typeof link.id === 'string' &&
      (link.expiresAt === null || typeof link.expiresAt === 'number'));
  return (
    typeof room === 'string' &&
    (access === 'edit' || access === 'view') &&
    typeof presence === 'boolean' &&
    identityOk &&
    linkOk &&
    (tokenExpiresAt === undefined || typeof tokenExpiresAt === 'number')
  );
}
