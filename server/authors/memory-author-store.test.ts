import { describeAuthorStore } from './author-store.contract.ts';
import { MemoryAuthorStore } from './memory-author-store.ts';

describeAuthorStore('MemoryAuthorStore', () => ({
  create: async () => new MemoryAuthorStore(),
  reopen: async () => null,
  cleanup: async () => undefined,
}));
