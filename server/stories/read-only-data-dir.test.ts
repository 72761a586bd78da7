import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay } from '../test-support/relay-process.ts';
import { Tmpfs } from '../test-support/tmpfs.ts';

const mounts: Tmpfs[] = [];

afterEach(async () => {
  for (const mount of mounts.splice(0)) await mount.unmount();
});

describe('a DATA_DIR on a read-only file system', () => {
  it.for([
    ['a folder still to be made', 'missing/db'],
    ['an existing folder', 'existing'],
  ] as const)('stops the server with EROFS in the message for %s', async ([, folder], ctx) => {
    const disk = await Tmpfs.mount(1024 * 1024);
    if ('cannotMount' in disk) return ctx.skip(disk.cannotMount);
    mounts.push(disk);
    await mkdir(join(disk.path, 'existing'));
    await disk.remountReadOnly();
    // It used to say ENOENT (Node's recursive mkdir) or name LevelDB's lock file.
    await expect(startRelay({ dataDir: join(disk.path, folder) })).rejects.toThrow(
      /server exited with 1 before listening[\s\S]*EROFS: read-only file system/,
    );
  });
});
