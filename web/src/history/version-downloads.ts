/**
 * Downloads of versions, each asked of the relay once: a version never changes, and the panel
 * asks for the same one twice (its thumbnail, then the preview on the board). Concurrent asks
 * share one request; failures are not kept, so asking again retries.
 */
import type { HistoryClient, HistoryResult } from './history-api.ts';

/**
 * Versions kept: a screenful of thumbnails (about 8) several times over. Each is as big as the
 * board was (the list's `bytes`), so the cap bounds memory on a big board's long history.
 */
export const KEPT_DOWNLOADS = 64;

export class VersionDownloads {
  readonly #client: Pick<HistoryClient, 'download'>;
  readonly #kept: number;
  /** In insertion order, oldest first; a hit moves to the end. */
  readonly #entries = new Map<string, Promise<HistoryResult<Uint8Array>>>();

  constructor(client: Pick<HistoryClient, 'download'>, kept = KEPT_DOWNLOADS) {
    this.#client = client;
    this.#kept = kept;
  }

  get(id: string): Promise<HistoryResult<Uint8Array>> {
    const known = this.#entries.get(id);
    if (known) {
      this.#entries.delete(id);
      this.#entries.set(id, known);
      return known;
    }
    const asked = this.#client.download(id).then((result) => {
      if (!result.ok && this.#entries.get(id) === asked) this.#entries.delete(id);
      return result;
    });
    this.#entries.set(id, asked);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#kept) break;
      this.#entries.delete(oldest);
    }
    return asked;
  }
}
