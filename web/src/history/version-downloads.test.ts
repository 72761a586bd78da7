import { describe, expect, it } from 'vitest';
import type { HistoryResult } from './history-api.ts';
import { VersionDownloads } from './version-downloads.ts';

/** A client that counts downloads and answers each with its id's bytes, or fails the first. */
function counting(failFirst = false) {
  const asked: string[] = [];
  const client = {
    download(id: string): Promise<HistoryResult<Uint8Array>> {
      asked.push(id);
      if (failFirst && asked.length === 1) {
        return Promise.resolve({ ok: false, problem: { kind: 'offline' } });
      }
      return Promise.resolve({ ok: true, value: new TextEncoder().encode(id) });
    },
  };
  return { client, asked };
}

describe('downloading versions', () => {
  it('asks the relay once per version, concurrent asks included', async () => {
    const { client, asked } = counting();
    const downloads = new VersionDownloads(client);
    await Promise.all([downloads.get('0000000001'), downloads.get('0000000001')]);
    await downloads.get('0000000001');
    expect(asked).toEqual(['0000000001']);
  });

  it('asks again after a failure', async () => {
    const { client, asked } = counting(true);
    const downloads = new VersionDownloads(client);
    expect((await downloads.get('0000000001')).ok).toBe(false);
    expect((await downloads.get('0000000001')).ok).toBe(true);
    expect(asked).toHaveLength(2);
  });

  it('keeps the most recently used within its byte budget', async () => {
    const { client, asked } = counting();
    // Each answer here is as many bytes as its id has characters: one.
    const downloads = new VersionDownloads(client, 2);
    await downloads.get('a');
    await downloads.get('b');
    await downloads.get('a');
    await downloads.get('c');
    await downloads.get('a');
    await downloads.get('b');
    expect(asked).toEqual(['a', 'b', 'c', 'b']);
  });
});
