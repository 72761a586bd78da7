import { test, expect } from './support/fixtures.ts';
import { inkAt, press, strokesOf, uniqueRoom } from './support/board.ts';

test('Alice draws a rectangle and Bob sees it grow, then finished, outlined and empty inside', async ({
  users,
}) => {
  const room = uniqueRoom('shapes');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);

  await alice.page.keyboard.press('r');
  await expect(alice.page.getByTestId('tool-rect')).toHaveAttribute('aria-pressed', 'true');
  const held = await press(alice.page, [200, 200]);
  await held.moveTo([300, 260], 8);
  // Still dragging: Bob already has it, being drawn.
  await expect
    .poll(async () => (await strokesOf(bob.page))[0])
    .toMatchObject({
      type: 'rect',
      done: false,
    });
  await held.moveTo([400, 300], 8);
  await held.release();

  await expect
    .poll(async () => (await strokesOf(bob.page))[0])
    .toMatchObject({
      type: 'rect',
      done: true,
    });
  for (const page of [alice.page, bob.page]) {
    await expect.poll(() => inkAt(page, 'board-strokes', [200, 250])).toBeGreaterThan(0);
    await expect.poll(() => inkAt(page, 'board-strokes', [400, 280])).toBeGreaterThan(0);
    expect(await inkAt(page, 'board-strokes', [300, 250], 10)).toBe(0);
  }
});

test('two people type in one text box at once and both keep their words', async ({ users }) => {
  const room = uniqueRoom('text');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  const textOf = async (page: typeof alice.page) =>
    (await strokesOf(page)).find(({ type }) => type === 'text')?.text ?? null;

  await alice.page.keyboard.press('t');
  await alice.page.mouse.click(300, 300);
  const aliceEditor = alice.page.getByTestId('text-editor');
  await expect(aliceEditor).toBeFocused();
  await alice.page.keyboard.type('hello');
  await expect.poll(() => textOf(bob.page)).toBe('hello');

  // Bob opens the same box with his text tool and types at its start while Alice goes on at
  // its end.
  await bob.page.keyboard.press('t');
  await bob.page.mouse.click(310, 300);
  await expect(bob.page.getByTestId('text-editor')).toBeFocused();
  await bob.page.keyboard.press('Home');
  await bob.page.keyboard.type('big ');
  await alice.page.keyboard.type(' world');
  await bob.page.keyboard.type('warm ');

  for (const page of [alice.page, bob.page]) {
    await expect.poll(() => textOf(page)).toBe('big warm hello world');
  }
  await alice.page.keyboard.press('Escape');
  await bob.page.keyboard.press('Escape');
  await expect(alice.page.getByTestId('text-editor')).toHaveCount(0);
  // The words are drawn on the canvas once editing ends.
  await expect.poll(() => inkAt(bob.page, 'board-strokes', [320, 300], 8)).toBeGreaterThan(0);
});
