import { test, expect } from './support/fixtures.ts';
import { drawStroke, inkAt, strokeCountOf, strokesOf, uniqueRoom } from './support/board.ts';

test('Bob’s eraser removes Alice’s stroke for both of them, and his undo brings it back', async ({
  users,
}) => {
  const room = uniqueRoom('eraser');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  await drawStroke(alice.page, [
    [200, 300],
    [500, 300],
  ]);
  await drawStroke(alice.page, [
    [200, 500],
    [500, 500],
  ]);
  await expect.poll(() => strokeCountOf(bob.page)).toBe(2);
  const [upper, lower] = await strokesOf(alice.page);

  await bob.page.keyboard.press('e');
  await expect(bob.page.getByTestId('tool-eraser')).toHaveAttribute('aria-pressed', 'true');
  // A quick vertical swipe across the upper stroke only.
  await drawStroke(
    bob.page,
    [
      [350, 250],
      [350, 350],
    ],
    2,
  );

  for (const page of [alice.page, bob.page]) {
    await expect.poll(async () => (await strokesOf(page)).map(({ id }) => id)).toEqual([lower?.id]);
    await expect.poll(() => inkAt(page, 'board-strokes', [350, 300])).toBe(0);
    expect(await inkAt(page, 'board-strokes', [350, 500])).toBeGreaterThan(0);
  }

  await bob.page.keyboard.press('Control+z');
  await expect
    .poll(async () => (await strokesOf(alice.page)).map(({ id }) => id))
    .toEqual([upper?.id, lower?.id]);
});
