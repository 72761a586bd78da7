import * as Y from 'yjs';

/**
 * Updates per Yjs transaction when applying many. Measured on 20,000 one-item updates:
 * one transaction each 677 ms, 10 each 101 ms, 50 each 27 ms, 200 each 21 ms, and all in one
 * transaction 2,761 ms (Yjs's per-update cost grows with the transaction it joins).
 */
export const UPDATES_PER_TRANSACTION = 100;

/**
 * Applies updates in order, a hundred per transaction. An update that throws is retried alone
 * (updates already integrated are ignored by Yjs), so one bad update does not take its
 * neighbours down with it; `onError` hears about it.
 */
export function applyUpdates(
  doc: Y.Doc,
  updates: readonly Uint8Array[],
  from: number,
  to: number,
  onError: (index: number, error: unknown) => void,
): void {
  for (let start = from; start < to; start += UPDATES_PER_TRANSACTION) {
    const end = Math.min(to, start + UPDATES_PER_TRANSACTION);
    try {
      doc.transact(() => {
        for (let i = start; i < end; i++) Y.applyUpdate(doc, updates[i]!);
      });
    } catch {
      for (let i = start; i < end; i++) {
        try {
          Y.applyUpdate(doc, updates[i]!);
        } catch (error) {
          onError(i, error);
        }
      }
    }
  }
}
