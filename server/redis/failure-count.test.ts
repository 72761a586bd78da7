import { describe, expect, it } from 'vitest';
import { countingFailures } from './failure-count.ts';

class Store {
  #calls = 0;
  get calls(): number {
    return this.#calls;
  }
  async load(fail: boolean): Promise<string> {
    this.#calls++;
    if (fail) throw new Error('connection lost');
    return 'stored';
  }
  name(): string {
    return 'store';
  }
}

describe('counting failures of a store', () => {
  it('reports each rejection and passes it on; results, sync methods and getters are untouched', async () => {
    const failures: unknown[] = [];
    const store = countingFailures(new Store(), (error) => failures.push(error));
    await expect(store.load(false)).resolves.toBe('stored');
    await expect(store.load(true)).rejects.toThrow('connection lost');
    expect(store.name()).toBe('store');
    expect(store.calls).toBe(2);
    expect(failures).toHaveLength(1);
  });
});
