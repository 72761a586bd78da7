import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes of every file under `dir`, however deep (LevelDB keeps one flat folder). */
export async function directoryBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  let total = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    // A file LevelDB removed between the listing and the stat (a finished compaction) is gone.
    const size = await stat(join(entry.parentPath, entry.name)).then(
      (info) => info.size,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return 0;
        throw error;
      },
    );
    total += size;
  }
  return total;
}

/** How often DATA_DIR is measured while the server runs. */
export const DATA_BUDGET_SAMPLE_MS = 5000;

/**
 * MAX_DATA_BYTES: once DATA_DIR is measured at or over it, new content is refused (the transport
 * closes its sender with 4507) while everything stored stays readable. Measured by listing the
 * folder every 5 s, not per write: a listing costs a few stat calls (LevelDB keeps tens of
 * files), and between two samples the disk grows by at most what the byte rate limits let in.
 * LevelDB's own compactions may add to that briefly, so leave the disk some room above it.
 */
export class DataBudget {
  readonly #dir: string;
  readonly #limit: number;
  readonly #onError: (error: unknown) => void;
  #bytes = 0;
  #timer: NodeJS.Timeout | null = null;
  #sampling: Promise<void> | null = null;

  /** `limit` 0 means no budget: nothing is measured and nothing refused. */
  constructor(dir: string, limit: number, onError: (error: unknown) => void) {
    this.#dir = dir;
    this.#limit = limit;
    this.#onError = onError;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get full(): boolean {
    return this.#limit > 0 && this.#bytes >= this.#limit;
  }

  /** Measures once now, then every DATA_BUDGET_SAMPLE_MS until stop(). */
  async start(): Promise<void> {
    if (this.#limit === 0) return;
    await this.sample();
    this.#timer = setInterval(() => void this.sample(), DATA_BUDGET_SAMPLE_MS);
    this.#timer.unref();
  }

  /** One measurement; a failed one is reported and the last value kept. */
  sample(): Promise<void> {
    this.#sampling ??= directoryBytes(this.#dir)
      .then(
        (bytes) => {
          this.#bytes = bytes;
        },
        (error: unknown) => this.#onError(error),
      )
      .finally(() => {
        this.#sampling = null;
      });
    return this.#sampling;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
