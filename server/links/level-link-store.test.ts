import { levelTableHarness } from '../test-support/level-table.ts';
import { LevelLinkStore } from './level-link-store.ts';
import { describeLinkStore } from './link-store.contract.ts';

describeLinkStore('LevelLinkStore', () =>
  levelTableHarness('links', (table) => new LevelLinkStore(table)),
);
