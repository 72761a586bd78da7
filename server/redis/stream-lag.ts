import type { ClusterLag } from '../observability/metrics.ts';

/**
 * The STREAM_LAG script's reply (room-scripts.ts) for one room, and the instance-wide figures
 * /metrics reports from all of them. Pure: tested without Redis.
 */

/** One loaded room, as measured in Redis. */
export interface RoomLag {
  /** Entries in the room's stream this instance has not relayed yet. */
  readonly entries: number;
  /** Age of the oldest of them (ms, Redis' clock); 0 when there are none. */
  readonly unreadMs: number;
  /** Age of the stream's first entry, the oldest not folded into a snapshot; 0 for none. */
  readonly uncompactedMs: number;
}

export class StreamLagReplyError extends Error {
  override name = 'StreamLagReplyError';
}

/** `next`: the entry number this instance reads next in the room. */
export function parseStreamLag(reply: unknown, next: number): RoomLag {
  if (!Array.isArray(reply) || reply.length !== 4 || !reply.every(Buffer.isBuffer)) {
    throw new StreamLagReplyError('bad stream lag reply');
  }
  const [last, oldest, unread, now] = (reply as Buffer[]).map((b) => b.toString('latin1'));
  const number = (text: string | undefined, what: string): number => {
    const value = Number(text);
    if (!/^[0-9]{1,16}$/.test(text ?? '') || !Number.isSafeInteger(value)) {
      throw new StreamLagReplyError(`bad ${what} in a stream lag reply`);
    }
    return value;
  };
  const nowMs = number(now, 'time');
  // An entry copied in without a stamp (rooms:copy) has no age: it counts as new.
  const age = (stamp: string | undefined, what: string): number =>
    stamp === '' ? 0 : Math.max(0, nowMs - number(stamp, what));
  return {
    entries: Math.max(0, number(last, 'entry number') - next + 1),
    unreadMs: age(unread, 'unread stamp'),
    uncompactedMs: age(oldest, 'oldest stamp'),
  };
}

/** The worst room sets the ages (what an alert fires on); entries add up. */
export function summarizeLag(rooms: readonly RoomLag[]): ClusterLag {
  let lagEntries = 0;
  let unreadMs = 0;
  let uncompactedMs = 0;
  for (const room of rooms) {
    lagEntries += room.entries;
    if (room.entries > 0) unreadMs = Math.max(unreadMs, room.unreadMs);
    uncompactedMs = Math.max(uncompactedMs, room.uncompactedMs);
  }
  return {
    lagEntries,
    lagSeconds: unreadMs / 1000,
    oldestUncompactedSeconds: uncompactedMs / 1000,
  };
}
