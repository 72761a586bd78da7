import { levelTableHarness } from '../test-support/level-table.ts';
import { LevelVersionStore } from './level-version-store.ts';
import { describeVersionStore } from './version-store.contract.ts';

describeVersionStore('LevelVersionStore', () =>
  levelTableHarness('versions', (table) => new LevelVersionStore(table)),
);
