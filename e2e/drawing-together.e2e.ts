import { test, expect } from './support/fixtures.ts';
import { inkAt, press, strokesOf, uniqueRoom, type ScreenPoint } from './support/board.ts';

test('Bob watches Alice’s stroke grow while she draws it, and both keep it when she lifts the pen', async ({
  users,
}) => {
  const room = uniqueRoom('together');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  const bobsView = async () => (await strokesOf(bob.page))[0];

  const pen = await press(alice.page, [200, 300]);
  await pen.moveTo([350, 300], 15);

  // Her pen is still down: Bob already has the stroke, unfinished.
  await expect.poll(bobsView).toMatchObject({ done: false });
  await expect.poll(async () => (await bobsView())?.pointCount ?? 0).toBeGreaterThan(5);
  const partway = (await bobsView())?.pointCount ?? 0;
  // …and sees it on his live layer, where strokes being drawn are painted.
  await expect.poll(() => inkAt(bob.page, 'board', [275, 300])).toBeGreaterThan(0);

  await pen.moveTo([500, 360], 15);
  await expect.poll(async () => (await bobsView())?.pointCount ?? 0).toBeGreaterThan(partway);
  expect((await bobsView())?.done).toBe(false);

  await pen.release();
  await expect.poll(bobsView).toMatchObject({ done: true });
  const [alicesStroke] = await strokesOf(alice.page);
  expect(await bobsView()).toEqual(alicesStroke);

  // Finished, it moves to the strokes layer on both screens, along the whole path.
  const path: ScreenPoint[] = [
    [210, 300],
    [340, 300],
    [490, 356],
  ];
  for (const page of [alice.page, bob.page]) {
    for (const point of path) {
      await expect.poll(() => inkAt(page, 'board-strokes', point)).toBeGreaterThan(0);
    }
    expect(await inkAt(page, 'board', [340, 300])).toBe(0);
  }
});

test('strokes drawn at the same time by two people both arrive, each with its own author and colour', async ({
  users,
}) => {
  const room = uniqueRoom('together');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  await bob.page.getByRole('button', { name: 'Blue', exact: true }).click();
  const alicesPen = await press(alice.page, [100, 200]);
  const bobsPen = await press(bob.page, [100, 400]);
  for (let step = 1; step <= 10; step++) {
    await alicesPen.moveTo([100 + step * 30, 200]);
    await bobsPen.moveTo([100 + step * 30, 400]);
  }
  await alicesPen.release();
  await bobsPen.release();

  const summary = async (page: typeof alice.page) =>
    (await strokesOf(page)).map(({ author, color, done }) => ({ author, color, done }));
  // Each page may see the other's stroke before its pen-up arrives: wait until both hold two
  // finished strokes, then compare (a snapshot taken earlier could hold an unfinished one).
  const finished = async (page: typeof alice.page) => {
    const strokes = await summary(page);
    return strokes.length === 2 && strokes.every(({ done }) => done) ? strokes : undefined;
  };
  await expect.poll(() => finished(alice.page)).toBeDefined();
  await expect.poll(() => finished(bob.page)).toBeDefined();
  const strokes = await summary(alice.page);
  expect(await summary(bob.page)).toEqual(strokes);
  expect(new Set(strokes.map(({ author }) => author)).size).toBe(2);
  expect(strokes.map(({ color }) => color).sort()).toEqual(['#1c7ed6', '#1e1e1e']);
});
