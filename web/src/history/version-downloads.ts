/**
 * Downloads of versions, each asked of the relay once: a version never changes, and the panel
 * asks for the same one twice (its thumbnail, then the preview on the board). Concurrent asks
 * share one request; failures are not kept, so asking again retries.
 */
import type { HistoryClient, HistoryResult } from './history-api.ts';

/**
 * Bytes of downloads kept, the least recently used let go first: budgeted by size, not count,
 * since one version of a 10,000-stroke board is 3.3 MB and one of a sketch a few KB. 32 MB holds
 * about 80 thumbnails' worth of 1,000-stroke boards (415 KB each) or 9 big boards.
 */
export const KEPT_DOWNLOAD_BYTES = 32 * 1_048_576;

export class VersionDownloads {
  readonly #client: Pick<HistoryClient, 'download'>;
  readonly #budget: number;
  /** In order of use, least recent first; a hit moves to the end. */
  readonly #entries = new Map<string, Promise<HistoryResult<Uint8Array>>>();
  /** Sizes of the entries that arrived; one still on its way counts nothing yet. */
  readonly #sizes = new Map<string, number>();
  #total = 0;

  constructor(client: Pick<HistoryClient, 'download'>, budget = KEPT_DOWNLOAD_BYTES) {
    this.#client = client;
    this.#budget = budget;
  }

  get(id: string): Promise<HistoryResult<Uint8Array>> {
    const known = this.#entries.get(id);
    if (known) {
      this.#entries.delete(id);
      this.#entries.set(id, known);
      return known;
    }
    const asked = this.#client.download(id).then((result) => {
      if (this.#entries.get(id) !== asked) return result;
      if (!result.ok) {
        this.#entries.delete(id);
        return result;
      }
      this.#sizes.set(id, result.value.byteLength);
      this.#total += result.value.byteLength;
      this.#trim(id);
      return result;
    });
    this.#entries.set(id, asked);
    return asked;
  }

  /** Lets the least recently used go until the kept bytes fit, never the one just arrived. */
  #trim(arrived: string): void {
    for (const id of this.#entries.keys()) {
      if (this.#total <= this.#budget) return;
      if (id === arrived) continue;
      this.#total -= this.#sizes.get(id) ?? 0;
      this.#sizes.delete(id);
      this.#entries.delete(id);
    }
  }
}
