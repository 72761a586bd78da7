import type { Page, WebSocketRoute } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import {
  drawStroke,
  expectSaveState,
  openSyncedBoard,
  strokePointsOf,
  strokesOf,
  uniqueRoom,
} from './support/board.ts';
import type { RelayProcess } from '../server/test-support/relay-process.ts';

// The sync indicator: "offline, N changes kept on this device", "syncing", "all changes saved".
// "Saved" must mean the relay holds the change: each test proves it by killing the relay the
// moment the page says so and finding the change on a fresh start.

interface IndicatorEntry {
  readonly state: string;
  readonly pending: number;
  /** performance.now() on the page. */
  readonly at: number;
}

type RecorderWindow = Window & { __indicatorLog?: IndicatorEntry[] };

/** Records every change of the badge's state or count, as the user would have seen it. */
async function recordIndicator(page: Page): Promise<void> {
  await page.evaluate(() => {
    const badge = document.querySelector<HTMLElement>('[data-testid="connection-status"]');
    if (!badge) throw new Error('no sync indicator on the page');
    const log: IndicatorEntry[] = [];
    const note = () => {
      const entry = {
        state: badge.dataset.saveState ?? '',
        pending: Number(badge.dataset.pending),
        at: performance.now(),
      };
      const last = log.at(-1);
      if (!last || last.state !== entry.state || last.pending !== entry.pending) log.push(entry);
    };
    note();
    new MutationObserver(note).observe(badge, {
      attributes: true,
      attributeFilter: ['data-save-state', 'data-pending'],
    });
    (window as RecorderWindow).__indicatorLog = log;
  });
}

function indicatorLog(page: Page): Promise<IndicatorEntry[]> {
  return page.evaluate(() => (window as RecorderWindow).__indicatorLog ?? []);
}

/** The states seen, each run of one state reported once. */
const statesOf = (log: readonly IndicatorEntry[]) =>
  log.map(({ state }) => state).filter((state, i, all) => state !== all[i - 1]);

/** The log up to the first 'saved' that follows an 'offline' (what came after is the crash). */
function untilSavedAgain(log: readonly IndicatorEntry[]): IndicatorEntry[] {
  const wentOffline = log.findIndex(({ state }) => state === 'offline');
  const savedAgain = log.findIndex(({ state }, i) => i > wentOffline && state === 'saved');
  return log.slice(0, savedAgain + 1);
}

const pageNow = (page: Page) => page.evaluate(() => performance.now());

/** Kills the relay outright and starts it again on the same port and data. */
async function crashAndRestart(
  server: RelayProcess,
  restartServer: () => Promise<RelayProcess>,
): Promise<RelayProcess> {
  await server.kill();
  return restartServer();
}

test('offline, then N changes kept, then syncing, then saved, and saved means stored', async ({
  users,
  server,
  restartServer,
}, testInfo) => {
  const room = uniqueRoom('indicator-draw');
  const alice = await users.open('alice', room);
  await expectSaveState(alice.page, 'saved', 0);
  await recordIndicator(alice.page);

  await alice.context.setOffline(true);
  await expectSaveState(alice.page, 'offline', 0);
  await drawStroke(alice.page, [
    [200, 200],
    [420, 260],
  ]);
  await expectSaveState(alice.page, 'offline', 1);
  const drawn = await strokePointsOf(alice.page);

  const reconnectedAt = await pageNow(alice.page);
  await alice.context.setOffline(false);
  await alice.page.waitForFunction(() => window.__whiteboard?.saveState === 'saved');
  const restarted = await crashAndRestart(server, restartServer);

  const log = untilSavedAgain(await indicatorLog(alice.page));
  expect(statesOf(log)).toEqual(['saved', 'offline', 'syncing', 'saved']);
  expect(log.filter(({ state }) => state === 'offline').map(({ pending }) => pending)).toEqual([
    0, 1,
  ]);
  expect(log.filter(({ state }) => state === 'saved').map(({ pending }) => pending)).toEqual([
    0, 0,
  ]);
  const savedAt = log.at(-1)!.at;
  testInfo.annotations.push({
    type: 'measured',
    description: `reconnect → saved: ${(savedAt - reconnectedAt).toFixed(0)} ms`,
  });

  const carol = await users.open('carol', room, { baseUrl: restarted.url });
  expect(await strokePointsOf(carol.page)).toEqual(drawn);
});

test('an erase made offline is saved only once the relay holds the deletion', async ({
  users,
  server,
  restartServer,
}) => {
  const room = uniqueRoom('indicator-erase');
  const alice = await users.open('alice', room);
  await drawStroke(alice.page, [
    [200, 300],
    [500, 300],
  ]);
  await drawStroke(alice.page, [
    [200, 500],
    [500, 500],
  ]);
  await expectSaveState(alice.page, 'saved', 0);
  const [, kept] = await strokesOf(alice.page);

  await alice.context.setOffline(true);
  await expectSaveState(alice.page, 'offline', 0);
  await alice.page.keyboard.press('e');
  await drawStroke(
    alice.page,
    [
      [350, 250],
      [350, 350],
    ],
    2,
  );
  await expect
    .poll(async () => (await strokesOf(alice.page)).map(({ id }) => id))
    .toEqual([kept?.id]);
  // Erasing adds nothing to the document, it only deletes: still one change to send.
  await expectSaveState(alice.page, 'offline', 1);
  await recordIndicator(alice.page);

  await alice.context.setOffline(false);
  await alice.page.waitForFunction(() => window.__whiteboard?.saveState === 'saved');
  const restarted = await crashAndRestart(server, restartServer);
  const log = untilSavedAgain(await indicatorLog(alice.page));
  expect(statesOf(log)).toEqual(['offline', 'syncing', 'saved']);

  const carol = await users.open('carol', room, { baseUrl: restarted.url });
  expect((await strokesOf(carol.page)).map(({ id }) => id)).toEqual([kept?.id]);
});

test("the indicator waits for the relay's own word, not for the send", async ({
  users,
  server,
}) => {
  const room = uniqueRoom('indicator-ack');
  const alice = (await users.add('alice')).page;
  const bob = await users.open('bob', room);
  // Alice's socket runs through a gate that can hold back what the relay sends her.
  const gate = holdableRelay();
  await alice.routeWebSocket(/\/ws\//, gate.route);
  await openSyncedBoard(alice, server.url, room);
  await expectSaveState(alice, 'saved', 0);
  await recordIndicator(alice);

  gate.hold();
  await drawStroke(alice, [
    [200, 200],
    [420, 260],
  ]);
  // The relay has stored the stroke (it only passes on what it stored, and Bob has it)…
  await expect.poll(async () => (await strokesOf(bob.page)).length).toBe(1);
  // …and long after Alice's indicator would have settled, it still says syncing.
  await expect
    .poll(() => alice.evaluate(() => performance.now()), { timeout: 5_000 })
    .toBeGreaterThan((await indicatorLog(alice)).at(-1)!.at + 1_000);
  expect(await alice.evaluate(() => window.__whiteboard?.saveState)).toBe('syncing');

  const releasedAt = await pageNow(alice);
  gate.release();
  await expectSaveState(alice, 'saved', 0);
  const log = await indicatorLog(alice);
  expect(statesOf(log)).toEqual(['saved', 'syncing', 'saved']);
  expect(log.at(-1)!.at).toBeGreaterThan(releasedAt);
});

/** Passes a page's relay socket through, holding back the relay's frames while asked to. */
function holdableRelay() {
  let held: (string | Buffer)[] | null = null;
  let toPage: ((message: string | Buffer) => void) | null = null;
  return {
    route(ws: WebSocketRoute) {
      const relay = ws.connectToServer();
      ws.onMessage((message) => relay.send(message));
      toPage = (message) => ws.send(message);
      relay.onMessage((message) => {
        if (held) held.push(message);
        else ws.send(message);
      });
    },
    hold() {
      held = [];
    },
    release() {
      const frames = held ?? [];
      held = null;
      for (const frame of frames) toPage?.(frame);
    },
  };
}
