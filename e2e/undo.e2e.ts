import { test, expect } from './support/fixtures.ts';
import { drawStroke, strokesOf, uniqueRoom, type ScreenPoint } from './support/board.ts';

const row = (y: number): ScreenPoint[] => [
  [200, y],
  [450, y],
];

test('Alice’s undo takes back only her own last stroke; Bob’s stays; redo restores hers', async ({
  users,
}) => {
  const room = uniqueRoom('undo');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  const ids = async (page: typeof alice.page) => (await strokesOf(page)).map(({ id }) => id);
  await drawStroke(alice.page, row(200));
  await expect.poll(() => ids(bob.page)).toHaveLength(1);
  await drawStroke(bob.page, row(300));
  await expect.poll(() => ids(alice.page)).toHaveLength(2);
  await drawStroke(alice.page, row(400));
  await expect.poll(() => ids(bob.page)).toHaveLength(3);
  const [alicesFirst, bobs, alicesLast] = await ids(alice.page);

  await alice.page.keyboard.press('Control+z');
  for (const page of [alice.page, bob.page]) {
    await expect.poll(() => ids(page)).toEqual([alicesFirst, bobs]);
  }

  // Again, from the toolbar: her first stroke goes; Bob's is never hers to undo.
  await alice.page.getByTestId('undo').click();
  await expect.poll(() => ids(bob.page)).toEqual([bobs]);
  await expect(alice.page.getByTestId('undo')).toBeDisabled();
  await alice.page.keyboard.press('Control+z');
  await expect.poll(() => ids(bob.page)).toEqual([bobs]);

  await alice.page.keyboard.press('Control+Shift+Z');
  await expect.poll(() => ids(bob.page)).toEqual([alicesFirst, bobs]);
  await alice.page.keyboard.press('Control+y');
  await expect.poll(() => ids(bob.page)).toEqual([alicesFirst, bobs, alicesLast]);
  await expect(alice.page.getByTestId('redo')).toBeDisabled();
});

test('clearing the board asks first, clears it for everyone, and is undone in one step', async ({
  users,
}) => {
  const room = uniqueRoom('clear');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  await drawStroke(alice.page, row(200));
  await drawStroke(bob.page, row(300));
  await expect.poll(async () => (await strokesOf(alice.page)).length).toBe(2);

  await alice.page.getByTestId('clear-board').click();
  const dialog = alice.page.getByTestId('confirm-clear');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await strokesOf(alice.page)).toHaveLength(2);

  await alice.page.getByTestId('clear-board').click();
  await dialog.getByRole('button', { name: 'Clear board' }).click();
  await expect.poll(async () => (await strokesOf(bob.page)).length).toBe(0);
  await expect(alice.page.getByTestId('clear-board')).toBeDisabled();

  await alice.page.keyboard.press('Control+z');
  await expect.poll(async () => (await strokesOf(bob.page)).length).toBe(2);
});
