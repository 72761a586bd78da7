import { describe, expect, it } from 'vitest';
import { parseStreamLag, StreamLagReplyError, summarizeLag } from './stream-lag.ts';

const reply = (...fields: string[]) => fields.map((field) => Buffer.from(field));

describe('stream lag', () => {
  it('counts the entries from the one read next, and ages them on the Redis clock', () => {
    // Entries 1..12 in the stream; this instance read up to 9 and reads 10 next.
    expect(parseStreamLag(reply('12', '1000', '4000', '5500'), 10)).toEqual({
      entries: 3,
      unreadMs: 1500,
      uncompactedMs: 4500,
    });
  });

  it('is caught up when the next entry is not there yet, and ages nothing unstamped', () => {
    expect(parseStreamLag(reply('9', '', '', '5500'), 10)).toEqual({
      entries: 0,
      unreadMs: 0,
      uncompactedMs: 0,
    });
  });

  it('refuses a reply the script cannot have sent', () => {
    expect(() => parseStreamLag(reply('9', 'x', '', '1'), 10)).toThrow(StreamLagReplyError);
    expect(() => parseStreamLag(['9'], 10)).toThrow(StreamLagReplyError);
  });

  it('reports the worst room and the entries of all', () => {
    expect(
      summarizeLag([
        { entries: 2, unreadMs: 300, uncompactedMs: 60_000 },
        { entries: 0, unreadMs: 9_000, uncompactedMs: 1_000 },
        { entries: 1, unreadMs: 700, uncompactedMs: 0 },
      ]),
    ).toEqual({ lagEntries: 3, lagSeconds: 0.7, oldestUncompactedSeconds: 60 });
    expect(summarizeLag([])).toEqual({ lagEntries: 0, lagSeconds: 0, oldestUncompactedSeconds: 0 });
  });
});
