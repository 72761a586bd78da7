import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect } from './expect.ts';
import type { StrokeSummary } from '../../web/src/board/test-hook.ts';

/** A room name no other test (or earlier run against a reused data folder) has used. */
export function uniqueRoom(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** Opens a board and waits, by polling the page's test hook, until the relay has synced it. */
export async function openSyncedBoard(
  page: Page,
  baseUrl: string,
  room: string,
  query = '',
): Promise<void> {
  await page.goto(`${baseUrl}/r/${room}${query}`);
  await expect.poll(() => page.evaluate(() => window.__whiteboard?.synced ?? false)).toBe(true);
}

/** A point on the page in CSS pixels (the board fills the window, so also board pixels). */
export type ScreenPoint = readonly [x: number, y: number];

/** A mouse button held down on the board, for a test that looks at the board mid-drag. */
export interface HeldButton {
  /** Moves to `point` through `steps` pointer moves (the page sees each one). */
  moveTo(point: ScreenPoint, steps?: number): Promise<void>;
  release(): Promise<void>;
}

export type MouseButton = 'left' | 'middle' | 'right';

/** Moves to `at` and presses `button` there, holding it until `release()`. */
export async function press(
  page: Page,
  at: ScreenPoint,
  button: MouseButton = 'left',
): Promise<HeldButton> {
  await page.mouse.move(...at);
  await page.mouse.down({ button });
  return {
    moveTo: (point, steps = 1) => page.mouse.move(...point, { steps }),
    release: () => page.mouse.up({ button }),
  };
}

export interface DragOptions {
  /** Pointer moves from one point to the next: the page sees a drag, not a jump. */
  readonly steps?: number;
  readonly button?: MouseButton;
}

/**
 * Presses at the first point, drags through the others in small steps, releases: what the
 * active tool does with it is the test's (a stroke, a shape, a moved selection, a pan).
 */
export async function drag(
  page: Page,
  points: readonly ScreenPoint[],
  { steps = 6, button = 'left' }: DragOptions = {},
): Promise<void> {
  const [first, ...rest] = points;
  if (!first) throw new Error('a drag needs at least one point');
  const held = await press(page, first, button);
  for (const point of rest) await held.moveTo(point, steps);
  await held.release();
}

/** A pen stroke through `points`: a drag, named for what most tests draw with it. */
export function drawStroke(
  page: Page,
  points: readonly ScreenPoint[],
  stepsPerSegment = 6,
): Promise<void> {
  return drag(page, points, { steps: stepsPerSegment });
}

/** The board's strokes as its test hook reports them, bottom to top. */
export function strokesOf(page: Page): Promise<readonly StrokeSummary[]> {
  return page.evaluate(() => window.__whiteboard?.strokes ?? []);
}

export function strokeCountOf(page: Page): Promise<number> {
  return page.evaluate(() => window.__whiteboard?.strokeCount ?? -1);
}

/**
 * The finished strokes' canvas, and the live one on top (strokes being drawn, cursors); the
 * same two of a version shown from the history panel.
 */
export type CanvasLayer = 'board-strokes' | 'board' | 'version-strokes' | 'version-board';

/**
 * The most opaque pixel of `layer` within `radius` CSS pixels of `at`: 0 where nothing is drawn.
 * Reads the canvas itself, so it checks what is rendered, not what the document holds.
 */
export function inkAt(
  page: Page,
  layer: CanvasLayer,
  at: ScreenPoint,
  radius = 3,
): Promise<number> {
  return page.evaluate(
    ({ layer, at: [x, y], radius }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`canvas[data-testid="${layer}"]`);
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return -1;
      const scale = canvas.width / canvas.clientWidth;
      const size = Math.max(1, Math.round(2 * radius * scale));
      const data = ctx.getImageData(
        Math.round((x - radius) * scale),
        Math.round((y - radius) * scale),
        size,
        size,
      ).data;
      let alpha = 0;
      for (let i = 3; i < data.length; i += 4) alpha = Math.max(alpha, data[i] ?? 0);
      return alpha;
    },
    { layer, at, radius },
  );
}

/** The sync indicator as the board's test hook reports it (see web/src/sync/test-hook.ts). */
export function saveStateOf(
  page: Page,
): Promise<{ saveState: string | null; pendingChanges: number | null }> {
  return page.evaluate(() => ({
    saveState: window.__whiteboard?.saveState ?? null,
    pendingChanges: window.__whiteboard?.pendingChanges ?? null,
  }));
}

/** Waits until the indicator says `saveState` (and, if given, that many pending changes). */
export async function expectSaveState(
  page: Page,
  saveState: 'offline' | 'syncing' | 'saved' | 'refused',
  pendingChanges?: number,
  timeout = 15_000,
): Promise<void> {
  const expected = pendingChanges === undefined ? { saveState } : { saveState, pendingChanges };
  await expect.poll(() => saveStateOf(page), { timeout }).toMatchObject(expected);
}

/** Stroke id → point count, for comparing two boards. */
export async function strokePointsOf(page: Page): Promise<Record<string, number>> {
  const strokes = await strokesOf(page);
  return Object.fromEntries(strokes.map(({ id, pointCount }) => [id, pointCount]));
}

/** Resolves once the page's service worker is active, i.e. the app shell is cached. */
export async function waitForOfflineShell(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

/** What the page's presence layer knows: itself, the participants and their cursors. */
export function presenceOf(page: Page) {
  return page.evaluate(() => {
    const presence = window.__whiteboard?.presence;
    if (!presence) throw new Error('the board exposes no presence');
    return presence;
  });
}
