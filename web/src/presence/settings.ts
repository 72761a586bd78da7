/**
 * Presence settings read once from the page address. Only the idle timeout is adjustable, so
 * tests can watch someone go idle in seconds: `/r/<room>?idleMs=2000`.
 */
import { DEFAULT_IDLE_MS } from './idle.ts';

export interface PresenceSettings {
  readonly idleMs: number;
}

export const IDLE_MS_PARAM = 'idleMs';
/** Shorter would flicker between idle and active while someone merely reads. */
const MIN_IDLE_MS = 100;
const MAX_IDLE_MS = 24 * 60 * 60 * 1000;

/**
 * Parses `search` (e.g. `location.search`). A bad value is reported and the default used: it can
 * only come from a hand-edited address, and the board is still usable without it.
 */
export function presenceSettingsFromUrl(
  search: string,
  onProblem: (message: string) => void = (message) => console.warn(message),
): PresenceSettings {
  const raw = new URLSearchParams(search).get(IDLE_MS_PARAM);
  if (raw === null) return Object.freeze({ idleMs: DEFAULT_IDLE_MS });
  const idleMs = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(idleMs >= MIN_IDLE_MS && idleMs <= MAX_IDLE_MS)) {
    onProblem(
      `Ignoring ?${IDLE_MS_PARAM}=${raw}: expected whole milliseconds from ${MIN_IDLE_MS} to ${MAX_IDLE_MS}; using ${DEFAULT_IDLE_MS}`,
    );
    return Object.freeze({ idleMs: DEFAULT_IDLE_MS });
  }
  return Object.freeze({ idleMs });
}
