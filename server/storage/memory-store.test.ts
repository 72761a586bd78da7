import { describeDocStore } from './doc-store.contract.ts';
import { MemoryStore } from './memory-store.ts';

describeDocStore('MemoryStore', () => ({
  create: async () => new MemoryStore(),
  reopen: async () => null,
  anotherWriter: (store) => (store as MemoryStore).another(),
  cleanup: async () => undefined,
}));
