import { describeLinkStore } from './link-store.contract.ts';
import { MemoryLinkStore } from './memory-link-store.ts';

describeLinkStore('MemoryLinkStore', () => ({
  create: async () => new MemoryLinkStore(),
  reopen: async () => null,
  cleanup: async () => undefined,
}));
