import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../test-support/server.ts';
import { DataBudget, directoryBytes } from './data-budget.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await removeDir(dir);
  dir = undefined;
});

const freshDir = async (): Promise<string> => (dir = await mkdtemp(join(tmpdir(), 'wb-budget-')));

describe('directoryBytes', () => {
  it('adds up every file, in nested folders too', async () => {
    const root = await freshDir();
    await writeFile(join(root, 'a.log'), Buffer.alloc(1000));
    await mkdir(join(root, 'nested'));
    await writeFile(join(root, 'nested', 'b.ldb'), Buffer.alloc(234));
    expect(await directoryBytes(root)).toBe(1234);
  });
});

describe('DataBudget', () => {
  it('is full once a sample finds the folder at its limit, and not before', async () => {
    const root = await freshDir();
    const errors: unknown[] = [];
    const budget = new DataBudget(root, 1000, (error) => errors.push(error));
    await budget.start();
    expect(budget.full).toBe(false);
    await writeFile(join(root, 'big.ldb'), Buffer.alloc(1000));
    // Not per write: the folder is only measured by a sample.
    expect(budget.full).toBe(false);
    await budget.sample();
    expect(budget.bytes).toBe(1000);
    expect(budget.full).toBe(true);
    budget.stop();
    expect(errors).toEqual([]);
  });

  it('never fills without a limit, and reports a folder it cannot measure', async () => {
    const root = await freshDir();
    const unlimited = new DataBudget(root, 0, () => undefined);
    await unlimited.start();
    await writeFile(join(root, 'big.ldb'), Buffer.alloc(5000));
    await unlimited.sample();
    expect(unlimited.full).toBe(false);

    const errors: unknown[] = [];
    const missing = new DataBudget(join(root, 'gone'), 10, (error) => errors.push(error));
    await missing.start();
    missing.stop();
    expect(errors).toHaveLength(1);
    expect(missing.full).toBe(false);
  });
});
