/**
 * A relay instance reduced to one compaction, in a process of its own, for kill -9 tests: it
 * compacts one room and stops for good right after storing the snapshot, before trimming,
 * saying so on stdout ({"msg":"snapshot-stored"}). The test kills it there.
 *
 *   REDIS_URL, ROOM, END, SNAPSHOT (base64), LEASE_TTL_MS
 */
import { connectRedis } from '../redis/redis-client.ts';
import { RedisDocStore } from '../redis/redis-doc-store.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const store = new RedisDocStore(await connectRedis(env('REDIS_URL')), {
  instance: `compactor-${process.pid}`,
  leaseTtlMs: Number(env('LEASE_TTL_MS')),
  onCompactionStage: async (_room, stage) => {
    if (stage !== 'snapshot-stored') return;
    process.stdout.write(`${JSON.stringify({ msg: 'snapshot-stored' })}\n`);
    // Half way, for good: only kill -9 ends this process.
    await new Promise<never>(() => undefined);
  },
});
await store.compactUnderLease(
  env('ROOM'),
  Buffer.from(env('SNAPSHOT'), 'base64'),
  Number(env('END')),
);
