/**
 * The peer for `npm run bench:cluster`: one Hocuspocus instance (@hocuspocus/server 3.4) with its
 * Redis extension, which relays every update and awareness change to the other instances on the
 * same Redis. Run as its own process: PORT (0 for a free one) and REDIS_URL. It stores nothing
 * (no Database extension): the extension's Redis traffic is pub/sub plus a lock per store, so
 * the comparison leaves out a cost our relay pays (appending every update to its Redis log).
 */
import { Server } from '@hocuspocus/server';
import { Redis } from '@hocuspocus/extension-redis';

const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: '127.0.0.1',
  quiet: true,
  extensions: [new Redis({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) })],
});
await server.listen();
// The bench reads this line for the port (servers' readiness: portFromLine).
console.log(`hocuspocus listening on port ${server.address.port}`);
