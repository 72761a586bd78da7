import { MemoryVersionStore } from './memory-version-store.ts';
import { describeVersionStore } from './version-store.contract.ts';

describeVersionStore('MemoryVersionStore', () => ({
  create: () => Promise.resolve(new MemoryVersionStore()),
  reopen: () => Promise.resolve(null),
  cleanup: () => Promise.resolve(),
}));
