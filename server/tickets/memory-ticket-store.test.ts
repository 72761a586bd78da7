import { describeTicketStore } from './ticket-store.contract.ts';
import { MemoryTicketStore } from './memory-ticket-store.ts';

describeTicketStore('MemoryTicketStore', () => ({
  create: async (options) => new MemoryTicketStore(options),
  cleanup: async () => undefined,
}));
