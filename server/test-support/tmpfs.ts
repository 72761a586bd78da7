import { execFile } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Bytes the filler writes per call: small enough to leave at most this much free. */
const FILL_CHUNK = 64 * 1024;

/**
 * A small real file system of its own (Linux tmpfs), so tests can fill a disk, free it and make
 * it read-only without touching anyone else's. Mounting needs root (CAP_SYS_ADMIN).
 */
export class Tmpfs {
  readonly path: string;
  readonly #filler: string;

  private constructor(path: string) {
    this.path = path;
    this.#filler = join(path, 'filler');
  }

  /** Mounts a tmpfs of `sizeBytes`, or answers why it cannot (for the test's skip message). */
  static async mount(sizeBytes: number): Promise<Tmpfs | { readonly cannotMount: string }> {
    const path = await mkdtemp(join(tmpdir(), 'wb-tmpfs-'));
    try {
      await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', path]);
    } catch (error) {
      await rm(path, { recursive: true, force: true });
      const why = error instanceof Error ? error.message.trim() : String(error);
      return { cannotMount: `cannot mount a tmpfs (needs root or CAP_SYS_ADMIN): ${why}` };
    }
    return new Tmpfs(path);
  }

  /** Writes a filler file until the file system answers ENOSPC; returns the bytes it took. */
  async fill(): Promise<number> {
    const file = await open(this.#filler, 'a');
    const chunk = Buffer.alloc(FILL_CHUNK, 0xaa);
    let written = 0;
    try {
      // Down to single bytes at the end, so not even a partly used page is left.
      for (let size = FILL_CHUNK; size >= 1; size = Math.floor(size / 2)) {
        for (;;) {
          try {
            const { bytesWritten } = await file.write(chunk, 0, size);
            written += bytesWritten;
            if (bytesWritten < size) break;
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
            throw error;
          }
        }
      }
    } finally {
      await file.close();
    }
    return written;
  }

  /** Deletes the filler: the space is free again. */
  async free(): Promise<void> {
    await rm(this.#filler, { force: true });
  }

  async remountReadOnly(): Promise<void> {
    await run('mount', ['-o', 'remount,ro', this.path]);
  }

  /** Unmounts (lazily, so a process still holding files cannot keep it) and removes the folder. */
  async unmount(): Promise<void> {
    await run('umount', ['-l', this.path]);
    await rm(this.path, { recursive: true, force: true });
  }
}
