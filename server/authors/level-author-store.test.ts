import { levelTableHarness } from '../test-support/level-table.ts';
import { describeAuthorStore } from './author-store.contract.ts';
import { LevelAuthorStore } from './level-author-store.ts';

describeAuthorStore('LevelAuthorStore', () =>
  levelTableHarness('authors', (table) => new LevelAuthorStore(table)),
);
