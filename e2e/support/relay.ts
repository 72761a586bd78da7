import { fileURLToPath } from 'node:url';
import {
  startRelay,
  type RelayOptions,
  type RelayProcess,
} from '../../server/test-support/relay-process.ts';

/**
 * The relay the stories run: the compiled one, as `npm start` runs it (scripts/build.mjs bundles
 * server/ into dist-server/main.js; e2e/support/global-setup.ts builds it when stale), with
 * source maps on so its logged stacks name server/*.ts lines, as start.mjs does. Not the sources
 * through tsx: that start cost 2.65 s of CPU against 1.4 s compiled (measured, `listening` line
 * reached), on the critical path of some 70 relay starts per run with one worker.
 */
export const COMPILED_RELAY: readonly string[] = [
  '--enable-source-maps',
  fileURLToPath(new URL('../../dist-server/main.js', import.meta.url)),
];

/** A relay of the stories' own: `startRelay` running the compiled relay. */
export const startCompiledRelay = (
  options: Omit<RelayOptions, 'entry'> = {},
): Promise<RelayProcess> => startRelay({ ...options, entry: COMPILED_RELAY });
