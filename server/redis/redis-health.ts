import type { StoreHealth } from '../storage/doc-store.ts';
import type { RedisClient } from './redis-client.ts';

export type ConnectionHealth = Extract<StoreHealth, 'open' | 'failed'>;

/**
 * A store's health as its connection's: 'open' while the client is ready, 'failed' from the
 * moment it is not (closed, reconnecting), back to 'open' when it is ready again. Nothing to
 * reopen by hand: the client reconnects by itself, and nothing stored is ever rewritten.
 * `onChange` hears each change once, with the last connection error seen before it.
 */
export function followHealth(
  client: RedisClient,
  onChange: (health: ConnectionHealth, error?: unknown) => void,
): { readonly health: ConnectionHealth; stop(): void } {
  let health: ConnectionHealth = client.status === 'ready' ? 'open' : 'failed';
  let lastError: unknown;
  const set = (next: ConnectionHealth) => {
    if (next === health) return;
    health = next;
    const error = next === 'failed' ? lastError : undefined;
    lastError = undefined;
    onChange(next, error);
  };
  // Listening to 'error' also keeps ioredis from reporting it as unhandled: the change of health
  // is how it surfaces.
  const onError = (error: unknown) => (lastError = error);
  const onReady = () => set('open');
  const onDown = () => set('failed');
  client.on('error', onError);
  client.on('ready', onReady);
  for (const event of ['close', 'reconnecting', 'end'] as const) client.on(event, onDown);
  return {
    health,
    stop: () => {
      client.off('ready', onReady);
      for (const event of ['close', 'reconnecting', 'end'] as const) client.off(event, onDown);
      // 'error' stays heard: a closing client may still emit one.
    },
  };
}
